using System.Text.Json;

namespace ExerciseFunctions.LocalHost.Azurite;

/// <summary>
/// <c>azurite.lock.json</c> in a data folder: which process serves it, on which ports, for which owner. Readers and
/// writers take <c>azurite.lock</c> exclusively first (an advisory file lock, released when the process dies), so
/// two processes starting on one folder at once cannot both start an Azurite.
/// </summary>
internal static class AzuriteLock
{
    private const string RecordFileName = "azurite.lock.json";
    private const string GateFileName = "azurite.lock";
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(60);

    public sealed record Record(int ProcessId, int OwnerProcessId, AzuritePorts Ports);

    public static async Task<IDisposable> EnterAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + GateTimeout;
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(dataDirectory, GateFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public static Record? Read(string dataDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<Record>(File.ReadAllText(Path.Combine(dataDirectory, RecordFileName)));
        }
        catch (Exception e) when (e is FileNotFoundException or JsonException)
        {
            return null;
        }
    }

    public static void Write(string dataDirectory, Record record)
    {
        var path = Path.Combine(dataDirectory, RecordFileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(record));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static void Delete(string dataDirectory) => File.Delete(Path.Combine(dataDirectory, RecordFileName));
}
