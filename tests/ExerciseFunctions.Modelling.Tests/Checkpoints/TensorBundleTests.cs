using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Modelling.Checkpoints.Proto;

namespace ExerciseFunctions.Modelling.Tests.Checkpoints;

public sealed class TensorBundleTests : IDisposable
{
    private const int IndexBlockSize = 128;
    private readonly string directory = Directory.CreateTempSubdirectory("bundle-").FullName;
    private string Prefix => Path.Combine(directory, "model.ckpt");

    /// <summary>40 small tensors (several index blocks) and, stored last, one of 1000 values.</summary>
    private static List<CheckpointTensor> SampleTensors()
    {
        var random = new Random(42);
        var tensors = Enumerable.Range(0, 40)
            .Select(i => new CheckpointTensor($"scope/layer_{i:D2}/w", [3, i % 4 + 1], Enumerable.Range(0, 3 * (i % 4 + 1)).Select(_ => random.NextSingle()).ToArray()))
            .ToList();
        tensors.Add(new CheckpointTensor("scope/z_big", [10, 100], Enumerable.Range(0, 1000).Select(i => i * 0.5f - 3f).ToArray()));
        return tensors;
    }

    [Fact]
    public void Round_trip_keeps_names_shapes_and_values_across_index_blocks_and_read_chunks()
    {
        var tensors = SampleTensors();
        TensorBundleWriter.Write(Prefix, tensors, IndexBlockSize);
        // At most one entry overshoots each block, so an index this large holds several data blocks.
        Assert.True(new FileInfo(Prefix + ".index").Length > 4 * IndexBlockSize);

        // 96-byte reads: the 4000-byte tensor, stored last at an offset that is no multiple of 96, spans many reads.
        var bundle = TensorBundle.Open(Prefix + ".index");
        bundle.ReadChunkBytes = 96;
        Assert.NotEqual(0, bundle.Tensors["scope/z_big"].Offset % 96);
        Assert.Equal(tensors.Select(t => t.Name).Order(StringComparer.Ordinal), bundle.Tensors.Keys);
        Assert.All(tensors, t =>
        {
            Assert.Equal(t.Shape, bundle.Tensors[t.Name].Shape);
            Assert.Equal(DataType.DtFloat, bundle.Tensors[t.Name].DType);
            Assert.Equal(t.Values, bundle.ReadFloats(t.Name));
        });
    }

    [Fact]
    public void A_flipped_data_byte_fails_the_crc_check_with_the_tensor_name()
    {
        TensorBundleWriter.Write(Prefix, SampleTensors(), IndexBlockSize);
        var bundle = TensorBundle.Open(Prefix);
        FlipByte(bundle.DataPath(0), bundle.Tensors["scope/z_big"].Offset + 1234);

        var error = Assert.Throws<InvalidDataException>(() => bundle.ReadFloats("scope/z_big"));

        Assert.Contains("scope/z_big failed its CRC32C check", error.Message);
        Assert.Equal(SampleTensors()[0].Values, bundle.ReadFloats("scope/layer_00/w"));
    }

    [Fact]
    public void A_flipped_index_byte_fails_the_block_crc()
    {
        TensorBundleWriter.Write(Prefix, SampleTensors(), IndexBlockSize);
        FlipByte(Prefix + ".index", 20);

        Assert.Contains("block CRC32C mismatch", Assert.Throws<InvalidDataException>(() => TensorBundle.Open(Prefix)).Message);
    }

    [Fact]
    public void Other_files_and_missing_data_are_reported_clearly()
    {
        File.WriteAllBytes(Prefix + ".index", new byte[100]);
        Assert.Contains("not a checkpoint index", Assert.Throws<InvalidDataException>(() => TensorBundle.Open(Prefix)).Message);
        Assert.Throws<FileNotFoundException>(() => TensorBundle.Open(Path.Combine(directory, "absent.ckpt")));

        TensorBundleWriter.Write(Prefix, SampleTensors(), IndexBlockSize);
        File.Delete(Prefix + ".data-00000-of-00001");
        var bundle = TensorBundle.Open(Prefix);
        Assert.Equal(41, bundle.Tensors.Count);
        Assert.Contains("data-00000-of-00001", Assert.Throws<FileNotFoundException>(() => bundle.ReadFloats("scope/z_big")).Message);
    }

    [Fact]
    public void Reads_the_index_tensorflow_wrote_for_the_public_rgb_checkpoint()
    {
        var bundle = TensorBundle.Open(Path.Combine(AppContext.BaseDirectory, "Checkpoints", "rgb_imagenet.model.ckpt.index"));

        Assert.Equal(1, bundle.Header.NumShards);
        Assert.Equal(230, bundle.Tensors.Count);
        Assert.Equal([7, 7, 7, 3, 64], bundle.Tensors["RGB/inception_i3d/Conv3d_1a_7x7/conv_3d/w"].Shape);
        Assert.Equal(bundle.Tensors.Keys.Order(StringComparer.Ordinal), bundle.Tensors.Keys);
    }

    private static void FlipByte(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
