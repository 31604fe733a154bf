using System.Runtime.InteropServices;
using ExerciseFunctions.Modelling.Checkpoints.Proto;

namespace ExerciseFunctions.Modelling.Checkpoints;

/// <summary>One tensor of a checkpoint: its type and shape, and where its bytes lie in the data shards.</summary>
public sealed record BundleTensor(string Name, DataType DType, int[] Shape, int ShardId, long Offset, long Size, uint MaskedCrc32C)
{
    public string ShapeText => Shape.Length == 0 ? "scalar" : string.Join('x', Shape);
}

/// <summary>
/// A TensorFlow (V2) checkpoint: <c>prefix.index</c>, a LevelDB-format table of <c>BundleEntryProto</c> keyed by
/// tensor name (the empty key holds the <c>BundleHeaderProto</c>), and <c>prefix.data-SSSSS-of-NNNNN</c> shards.
/// Opening reads only the index; tensor data is read (and CRC-checked) on demand.
/// </summary>
public sealed class TensorBundle
{
    private const string IndexSuffix = ".index";

    private TensorBundle(string prefix, BundleHeaderProto header, IReadOnlyDictionary<string, BundleTensor> tensors)
    {
        Prefix = prefix;
        Header = header;
        Tensors = tensors;
    }

    public string Prefix { get; }
    public BundleHeaderProto Header { get; }

    /// <summary>Every tensor by name, in the index's (sorted) order.</summary>
    public IReadOnlyDictionary<string, BundleTensor> Tensors { get; }

    /// <summary>Bytes per read when loading tensor data (small values exercise chunk boundaries in tests).</summary>
    internal int ReadChunkBytes { get; set; } = 4 << 20;

    /// <summary>Opens a checkpoint by prefix (<c>model.ckpt</c>) or by its index file (<c>model.ckpt.index</c>).</summary>
    public static TensorBundle Open(string prefixOrIndex)
    {
        var prefix = prefixOrIndex.EndsWith(IndexSuffix, StringComparison.Ordinal) ? prefixOrIndex[..^IndexSuffix.Length] : prefixOrIndex;
        var indexPath = prefix + IndexSuffix;
        if (!File.Exists(indexPath))
        {
            throw new FileNotFoundException($"Checkpoint index not found: {indexPath}", indexPath);
        }
        var entries = SsTableReader.ReadAll(File.ReadAllBytes(indexPath), indexPath);
        if (entries.Count == 0 || entries[0].Key.Length != 0)
        {
            throw new InvalidDataException($"{indexPath} has no bundle header (not a TensorFlow V2 checkpoint index).");
        }
        var header = Parse(BundleHeaderProto.Parser, entries[0].Value, indexPath, "header");
        if (header.Endianness != BundleHeaderProto.Types.Endianness.Little)
        {
            throw new InvalidDataException($"{indexPath}: big-endian checkpoints are not supported.");
        }
        var tensors = entries.Skip(1).Select(e => ToTensor(e.Key, Parse(BundleEntryProto.Parser, e.Value, indexPath, e.Key)));
        return new TensorBundle(prefix, header, tensors.ToDictionary(t => t.Name));
    }

    public string DataPath(int shard) => $"{Prefix}.data-{shard:D5}-of-{Header.NumShards:D5}";

    /// <summary>Reads a float32 tensor and checks it against the CRC32C recorded in the index.</summary>
    public float[] ReadFloats(string name)
    {
        if (!Tensors.TryGetValue(name, out var tensor))
        {
            throw new KeyNotFoundException($"Checkpoint {Prefix} has no tensor '{name}'.");
        }
        var count = tensor.Shape.Aggregate(1L, (product, dim) => product * dim);
        if (tensor.DType != DataType.DtFloat || tensor.Size != count * sizeof(float))
        {
            throw new InvalidDataException($"Checkpoint tensor {name} is {tensor.DType} with {tensor.Size} bytes; expected {count} float32 values.");
        }
        var values = new float[count];
        var crc = ReadInto(tensor, MemoryMarshal.AsBytes(values.AsSpan()));
        if (crc != Crc32C.Unmask(tensor.MaskedCrc32C))
        {
            throw new InvalidDataException($"Checkpoint tensor {name} failed its CRC32C check: {DataPath(tensor.ShardId)} is corrupt.");
        }
        return values;
    }

    /// <summary>Fills <paramref name="destination"/> from the tensor's shard in chunks; returns the CRC32C of the bytes.</summary>
    private uint ReadInto(BundleTensor tensor, Span<byte> destination)
    {
        var path = DataPath(tensor.ShardId);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint data file not found: {path}", path);
        }
        using var handle = File.OpenHandle(path);
        uint crc = 0;
        for (var done = 0; done < destination.Length;)
        {
            var chunk = destination.Slice(done, Math.Min(ReadChunkBytes, destination.Length - done));
            var read = RandomAccess.Read(handle, chunk, tensor.Offset + done);
            if (read == 0)
            {
                throw new InvalidDataException($"{path} ends inside tensor {tensor.Name}.");
            }
            crc = Crc32C.Extend(crc, chunk[..read]);
            done += read;
        }
        return crc;
    }

    private static BundleTensor ToTensor(string name, BundleEntryProto entry) => new(
        name, entry.Dtype, entry.Shape?.Dim.Select(d => checked((int)d.Size)).ToArray() ?? [],
        entry.ShardId, entry.Offset, entry.Size, entry.Crc32C);

    private static T Parse<T>(Google.Protobuf.MessageParser<T> parser, byte[] value, string source, string key)
        where T : Google.Protobuf.IMessage<T>
    {
        try
        {
            return parser.ParseFrom(value);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{source}: entry '{key}' is not a valid bundle record ({e.Message}).");
        }
    }
}
