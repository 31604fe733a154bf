using ExerciseFunctions.Runtime.I3d;
using ExerciseFunctions.Runtime.Inference;
using ExerciseFunctions.Runtime.Networks;
using ExerciseFunctions.Runtime.Video;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ExerciseFunctions.Runtime.Tests.Networks;

/// <summary>
/// The inflated ResNet-18 against the NuGet package's own 2D ImageNet model, run as shipped: inflation divides each
/// kernel by its temporal size and time is edge-padded, so a clip of one repeated frame must give, at every time step
/// and so on average, the 2D network's features of that frame. Any conv, batch norm, padding, channel order or mean
/// image taken wrongly moves them.
/// </summary>
public sealed class InflatedResNet18Tests(InflatedResNet18Tests.Models models) : IClassFixture<InflatedResNet18Tests.Models>
{
    private const int Frames = 9;

    [Fact]
    public void A_repeated_frame_gives_the_imagenet_models_features_on_the_rgb_stream()
    {
        var frame = SeededFrame(seed: 3);
        var pixels = new float[3 * 224 * 224];
        for (var p = 0; p < 224 * 224; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                pixels[c * 224 * 224 + p] = frame[p * 3 + c]; // the package's preprocess takes planar RGB, 0…255
            }
        }
        var expected = models.ImageNetFeatures(models.Run(models.Preprocess, "OriginalInput", pixels));

        var actual = models.Rgb.Run(FramePreprocessor.ToModelInput(Enumerable.Repeat(frame, Frames).ToArray()), Frames);

        AssertClose(expected, actual.Features);
    }

    [Fact]
    public void A_repeated_flow_field_gives_the_imagenet_models_features_of_its_averaged_image()
    {
        // Flow channels get the mean of the three colour filters, so (fx, fy) acts as an image whose three channels
        // all hold 127.5 (fx + fy) / 3, fed to the 2D model without its preprocessing.
        var random = new Random(5);
        var field = Enumerable.Range(0, 224 * 224 * 2).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var image = new float[3 * 224 * 224];
        for (var p = 0; p < 224 * 224; p++)
        {
            var value = InflatedResNet18.InputScale * (field[2 * p] + field[2 * p + 1]) / 3;
            image[p] = image[224 * 224 + p] = image[2 * 224 * 224 + p] = value;
        }
        var expected = models.ImageNetFeatures(image);

        var clip = Enumerable.Repeat(field, Frames).SelectMany(f => f).ToArray();
        var actual = models.Flow.Run(clip, Frames);

        AssertClose(expected, actual.Features);
    }

    [Fact]
    public void A_moving_clip_is_not_its_first_frame()
    {
        var frames = Enumerable.Range(0, Frames).Select(seed => SeededFrame(seed)).ToArray();
        var still = models.Rgb.Run(FramePreprocessor.ToModelInput(Enumerable.Repeat(frames[0], Frames).ToArray()), Frames);
        var moving = models.Rgb.Run(FramePreprocessor.ToModelInput(frames), Frames);

        Assert.True(still.Features.Zip(moving.Features, (a, b) => Math.Abs(a - b)).Max() > 0.05f);
    }

    [Fact]
    public void Multiply_adds_count_every_convolution_at_its_output_size()
    {
        // Per 224x224 image, written out layer by layer (output positions x out channels x kernel x in channels): the stem
        // 7x7x3 -> 64 at 112x112; stage 1 four 3x3 64->64 convs at 56x56; stages 2-3: a strided 3x3 and 1x1 shortcut,
        // then three 3x3 convs; stage 4 the same with five (its three blocks). Inflated: the stem's kernel spans 3 frames
        // and everything runs on T/2 time steps.
        const double stem = 112.0 * 112 * 64 * (7 * 7 * 3);
        const double stage1 = 4 * (56.0 * 56 * 64 * (9 * 64));
        static double Stage(double size, int width, int convs) =>
            size * size * width * (width / 2) + size * size * width * (9 * width / 2) + convs * size * size * width * (9 * width);
        var body = stage1 + Stage(28, 128, 3) + Stage(14, 256, 3) + Stage(7, 512, 5);
        var expected = 32 * (3 * stem + body) + 32 * 7 * 7 * 512 * 6;

        var actual = StreamNetwork.InflatedResNet18.MultiplyAdds(3, 64, 6);

        Assert.InRange(actual / expected, 0.999999, 1.000001);
    }

    private static byte[] SeededFrame(int seed)
    {
        var frame = new byte[FramePreprocessor.FrameLength];
        new Random(seed).NextBytes(frame);
        return frame;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        var worst = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.True(worst <= 1e-4 * scale, $"largest difference {worst:g3} against {1e-4 * scale:g3} allowed (largest feature {scale:g3})");
    }

    /// <summary>Both inflated streams, and the package's 2D models as shipped.</summary>
    public sealed class Models : IDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("resnet-").FullName;

        public Models()
        {
            var weights = ImageNetResNet18Weights.Load();
            Rgb = Open(I3dStream.Rgb, weights);
            Flow = Open(I3dStream.Flow, weights);
            Preprocess = new InferenceSession(Path.Combine(ImageNetResNet18Weights.DefaultDirectory, "ResNetPrepOnnx", "ResNetPreprocess.onnx"));
            ImageNet = new InferenceSession(Path.Combine(ImageNetResNet18Weights.DefaultDirectory, "ResNet18Onnx", "ResNet18.onnx"));
        }

        public I3dSession Rgb { get; }
        public I3dSession Flow { get; }
        public InferenceSession Preprocess { get; }
        public InferenceSession ImageNet { get; }

        public float[] ImageNetFeatures(float[] input) => Run(ImageNet, "Input247", input);

        public float[] Run(InferenceSession session, string input, float[] values)
        {
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(values, [1, 3, 224, 224]))]);
            return results.Single().AsEnumerable<float>().ToArray();
        }

        private I3dSession Open(I3dStream stream, IWeightSource weights)
        {
            var path = Path.Combine(directory, stream.FileName);
            using (var file = File.Create(path))
            {
                StreamNetwork.InflatedResNet18.Build(stream, 6, weights).WriteTo(file);
            }
            return I3dSession.Open(path, new InferenceOptions { Threads = 2 });
        }

        public void Dispose()
        {
            Rgb.Dispose();
            Flow.Dispose();
            Preprocess.Dispose();
            ImageNet.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }
}
