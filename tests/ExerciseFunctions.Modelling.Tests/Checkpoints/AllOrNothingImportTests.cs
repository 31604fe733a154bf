using ExerciseFunctions.Modelling.Checkpoints;
using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Models;

namespace ExerciseFunctions.Modelling.Tests.Checkpoints;

/// <summary>An import, and any model write, replaces a model directory whole or leaves it exactly as it was.</summary>
public sealed class AllOrNothingImportTests(SeededCheckpoints checkpoints) : IClassFixture<SeededCheckpoints>, IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("i3d-atomic-").FullName;

    private string Model => Path.Combine(output, "model");

    [Fact]
    public void A_head_whose_flow_tensor_fails_its_crc_leaves_an_existing_model_directory_byte_for_byte_unchanged()
    {
        CheckpointImporter.Import(checkpoints.Backbone(I3dStream.Rgb), checkpoints.Backbone(I3dStream.Flow), null, null, Model);
        File.WriteAllText(Path.Combine(Model, "notes.txt"), "kept");
        var before = Snapshot(Model);
        var corrupt = Path.Combine(output, "corrupt-head", "model.ckpt");
        CopyCheckpoint(checkpoints.Head, corrupt);
        var flowKernel = TensorBundle.Open(corrupt).Tensors["Flow/Conv3d_0c_1x1/conv_3d/w"];
        FlipByte(TensorBundle.Open(corrupt).DataPath(0), flowKernel.Offset + 100);

        var error = Assert.Throws<InvalidDataException>(() => CheckpointImporter.Import(
            checkpoints.Backbone(I3dStream.Rgb), checkpoints.Backbone(I3dStream.Flow), corrupt, null, Model));

        Assert.Contains("Flow/Conv3d_0c_1x1/conv_3d/w failed its CRC32C check", error.Message);
        Assert.Equal(before, Snapshot(Model));
        Assert.Equal(["corrupt-head", "model"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_write_that_fails_part_way_leaves_the_old_model_and_no_staging_directory()
    {
        ModelWriter.WriteSeeded(Model, ExerciseClasses.Default, seed: 3);
        var before = Snapshot(Model);

        Assert.Throws<InvalidDataException>(() => ModelWriter.Write(Model, ExerciseClasses.Default,
            stream => stream == I3dStream.Flow ? throw new InvalidDataException("flow weights unreadable") : new SeededWeights(4)));

        Assert.Equal(before, Snapshot(Model));
        Assert.Equal(["model"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public void A_successful_write_replaces_the_whole_directory()
    {
        ModelWriter.WriteSeeded(Model, ["a", "b"], seed: 3, addFiles: staging => File.WriteAllText(Path.Combine(staging, "report.md"), "old"));

        ModelWriter.WriteSeeded(Model, ExerciseClasses.Default, seed: 4);

        Assert.Equal(["flow.onnx", "labels.txt", "rgb.onnx"], Directory.EnumerateFiles(Model).Select(Path.GetFileName).Order());
        Assert.Equal(ExerciseClasses.Default, new ModelDirectory(Model).ReadLabels());
    }

    [Fact]
    public void A_directory_holding_other_files_is_never_replaced()
    {
        Directory.CreateDirectory(Model);
        File.WriteAllText(Path.Combine(Model, "thesis.tex"), "mine");

        var error = Assert.Throws<IOException>(() => ModelWriter.WriteSeeded(Model, ExerciseClasses.Default, seed: 3));

        Assert.Contains("holds files but no model", error.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Model, "thesis.tex")));
    }

    private static SortedDictionary<string, string> Snapshot(string directory) => new(
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
            path => Path.GetRelativePath(directory, path),
            path => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))) + File.GetLastWriteTimeUtc(path).Ticks),
        StringComparer.Ordinal);

    private static void CopyCheckpoint(string prefix, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(prefix)!))
        {
            File.Copy(file, Path.Combine(Path.GetDirectoryName(target)!, Path.GetFileName(file)));
        }
    }

    private static void FlipByte(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    public void Dispose() => Directory.Delete(output, recursive: true);
}
