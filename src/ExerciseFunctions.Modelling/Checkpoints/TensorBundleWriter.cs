using System.Runtime.InteropServices;
using ExerciseFunctions.Modelling.Checkpoints.Proto;
using Google.Protobuf;

namespace ExerciseFunctions.Modelling.Checkpoints;

/// <summary>A named float32 tensor in TensorFlow layout, to be written to a checkpoint.</summary>
public sealed record CheckpointTensor(string Name, int[] Shape, float[] Values);

/// <summary>Writes float32 tensors as a single-shard TensorFlow V2 checkpoint (index + data-00000-of-00001).</summary>
public static class TensorBundleWriter
{
    public static void Write(string prefix, IEnumerable<CheckpointTensor> tensors, int indexBlockSize = 4096)
    {
        var header = new BundleHeaderProto { NumShards = 1, Endianness = BundleHeaderProto.Types.Endianness.Little, Version = new VersionDef { Producer = 1 } };
        var entries = new List<(string Name, BundleEntryProto Entry)>();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(prefix))!);
        using (var data = File.Create($"{prefix}.data-00000-of-00001"))
        {
            foreach (var tensor in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                var bytes = MemoryMarshal.AsBytes(tensor.Values.AsSpan());
                var shape = new TensorShapeProto();
                shape.Dim.AddRange(tensor.Shape.Select(size => new TensorShapeProto.Types.Dim { Size = size }));
                entries.Add((tensor.Name, new BundleEntryProto
                {
                    Dtype = DataType.DtFloat, Shape = shape, ShardId = 0, Offset = data.Position, Size = bytes.Length,
                    Crc32C = Crc32C.Mask(Crc32C.Compute(bytes)),
                }));
                data.Write(bytes);
            }
        }
        using var index = File.Create($"{prefix}.index");
        var table = new SsTableWriter(index, indexBlockSize);
        table.Add("", header.ToByteArray());
        foreach (var (name, entry) in entries)
        {
            table.Add(name, entry.ToByteArray());
        }
        table.Finish();
    }
}
