using System.Numerics;
using ExerciseFunctions.Modelling.Synthesis.Motion;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>
/// Everything fixed for one clip's frames — camera, backdrop, clothing, light, exposure, sensor noise — drawn
/// from the clip's seed; renders upright frames of the figure in motion (or of the empty scene, the figure left out).
/// </summary>
internal sealed class ClipScene : IFrameSource
{
    const int FramingSamples = 48;
    const int NoisePatterns = 3;

    private readonly Func<int, Pose> poseAt;
    private readonly bool showFigure;
    private readonly Mat background;
    private readonly FigureRenderer figure;
    private readonly Mat[] noise;
    private readonly Random random;
    private readonly double noiseAmplitude;

    private ClipScene(Size size, CameraAngle angle, int frameCount, BodyProportions body, Func<int, Pose> poseAt, bool showFigure, Random random)
    {
        this.poseAt = poseAt;
        this.showFigure = showFigure;
        this.random = random;
        var framing = Enumerable.Range(0, FramingSamples).Select(i => poseAt(i * (frameCount - 1) / (FramingSamples - 1))).ToArray();
        var camera = CameraRig.Place(random, angle, framing, size, body.Height * 0.08f);
        var exposure = Exposure.Sample(random);
        background = BackgroundPainter.Paint(size, random.Pick(Enum.GetValues<BackgroundStyle>()), camera, random);
        exposure.Apply(background);
        var light = float.DegreesToRadians(random.Range(-160f, -20f));
        figure = new FigureRenderer(camera, Appearance.Sample(random), body, new Vector2(MathF.Cos(light), MathF.Sin(light)), exposure);
        // Grain of a phone sensor after compression: a few grey levels, not tens (that would swamp the optical flow).
        noiseAmplitude = random.Chance(0.2) ? 0 : random.Range(1.0, 6.0);
        noise = Enumerable.Range(0, NoisePatterns).Select(_ => SensorNoise(size, random)).ToArray();
    }

    public static ClipScene Create(SyntheticClip clip) =>
        new(new Size(clip.Width, clip.Height), clip.Angle, clip.FrameCount, clip.Motion.Body, clip.PoseAt, showFigure: true, new Random(Seeds.Mix(clip.Seed, 1)));

    /// <summary>A scene set up around a figure moving as <paramref name="poseAt"/> says; <paramref name="showFigure"/> false leaves it empty.</summary>
    public static ClipScene Create(Size size, CameraAngle angle, int frameCount, BodyProportions body, Func<int, Pose> poseAt, bool showFigure, Random random) =>
        new(size, angle, frameCount, body, poseAt, showFigure, random);

    /// <summary>Frames must be rendered in order: the sensor noise pattern of each is drawn in sequence.</summary>
    public Mat Render(int frame)
    {
        var image = background.Clone();
        if (showFigure)
        {
            figure.Draw(image, poseAt(frame));
        }
        var pattern = noise[random.Next(NoisePatterns)];
        Cv2.AddWeighted(image, 1, pattern, noiseAmplitude / 127.5, -noiseAmplitude, image);
        return image;
    }

    /// <summary>Grain a pixel or two wide, like a demosaiced and compressed sensor's, rather than independent per pixel.</summary>
    static Mat SensorNoise(Size size, Random random)
    {
        var noise = RandomImage.Create(size, random);
        Cv2.GaussianBlur(noise, noise, new Size(3, 3), 0.8);
        return noise;
    }

    public void Dispose()
    {
        background.Dispose();
        foreach (var pattern in noise)
        {
            pattern.Dispose();
        }
    }
}
