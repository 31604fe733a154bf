using System.Text;
using static ExerciseFunctions.Modelling.Checkpoints.SsTableFormat;

namespace ExerciseFunctions.Modelling.Checkpoints;

/// <summary>Reads every key/value of a LevelDB-format table (a TensorFlow checkpoint index), verifying each block's CRC.</summary>
internal static class SsTableReader
{
    public static IReadOnlyList<KeyValuePair<string, byte[]>> ReadAll(byte[] table, string source)
    {
        if (table.Length < FooterLength)
        {
            throw new InvalidDataException($"{source} is too short to be a checkpoint index ({table.Length} bytes).");
        }
        var footer = table.AsSpan(table.Length - FooterLength);
        if (BitConverter.ToUInt64(footer[^8..]) != Magic)
        {
            throw new InvalidDataException($"{source} is not a checkpoint index (bad table magic).");
        }
        var position = 0;
        ReadHandle(footer, ref position); // metaindex: TensorFlow writes no meta blocks.
        var indexHandle = ReadHandle(footer, ref position);

        var entries = new List<KeyValuePair<string, byte[]>>();
        foreach (var (_, handleBytes) in ReadBlock(table, indexHandle, source))
        {
            var handlePosition = 0;
            entries.AddRange(ReadBlock(table, ReadHandle(handleBytes, ref handlePosition), source)
                .Select(entry => KeyValuePair.Create(Encoding.UTF8.GetString(entry.Key), entry.Value)));
        }
        return entries;
    }

    /// <summary>The entries of one block, keys rebuilt from their shared prefixes.</summary>
    private static List<(byte[] Key, byte[] Value)> ReadBlock(byte[] table, BlockHandle handle, string source)
    {
        var contents = BlockContents(table, handle, source);
        if (contents.Length < sizeof(uint))
        {
            throw Corrupt(source, handle, "block too short");
        }
        var restartCount = (int)ReadUInt32(contents, contents.Length - sizeof(uint));
        var restartsStart = contents.Length - sizeof(uint) * (restartCount + 1);
        if (restartCount < 1 || restartsStart < 0)
        {
            throw Corrupt(source, handle, $"{restartCount} restart points");
        }
        var restarts = new HashSet<int>();
        for (var i = 0; i < restartCount; i++)
        {
            restarts.Add((int)ReadUInt32(contents, restartsStart + i * sizeof(uint)));
        }

        var entries = new List<(byte[], byte[])>();
        var key = Array.Empty<byte>();
        for (var position = 0; position < restartsStart;)
        {
            var entryStart = position;
            var shared = (int)ReadVarint(contents, ref position);
            var unshared = (int)ReadVarint(contents, ref position);
            var valueLength = (int)ReadVarint(contents, ref position);
            if (shared > key.Length || position + unshared + valueLength > restartsStart || (restarts.Contains(entryStart) && shared != 0))
            {
                throw Corrupt(source, handle, $"bad entry at {entryStart}");
            }
            key = [.. key.AsSpan(0, shared), .. contents.Slice(position, unshared)];
            position += unshared;
            entries.Add((key, contents.Slice(position, valueLength).ToArray()));
            position += valueLength;
        }
        return entries;
    }

    private static ReadOnlySpan<byte> BlockContents(byte[] table, BlockHandle handle, string source)
    {
        if (handle.Offset + handle.Size + BlockTrailerLength > (ulong)table.Length)
        {
            throw Corrupt(source, handle, "block lies beyond the end of the file");
        }
        var block = table.AsSpan((int)handle.Offset, (int)handle.Size + BlockTrailerLength);
        var compression = block[(int)handle.Size];
        var expected = Crc32C.Unmask(ReadUInt32(block, (int)handle.Size + 1));
        if (Crc32C.Compute(block[..((int)handle.Size + 1)]) != expected)
        {
            throw Corrupt(source, handle, "block CRC32C mismatch");
        }
        if (compression != NoCompression)
        {
            throw new InvalidDataException($"{source}: compressed index blocks (type {compression}) are not supported.");
        }
        return block[..(int)handle.Size];
    }

    private static InvalidDataException Corrupt(string source, BlockHandle handle, string what) =>
        new($"{source} is corrupt: {what} (block at offset {handle.Offset}).");
}
