using Azure.Data.Tables;
using ExerciseFunctions.Pipeline.Storage;

namespace ExerciseFunctions.Pipeline.Tests.EndToEnd;

/// <summary>Reads the classifications table directly, as a user of the table would.</summary>
internal static class TableRows
{
    public static List<ClassificationRow> OfVideo(string connection, string container, string blobName) =>
        new TableClient(connection, "classifications")
            .Query<ClassificationRow>(r => r.PartitionKey == TableKeys.ForVideo(container, blobName))
            .ToList();
}
