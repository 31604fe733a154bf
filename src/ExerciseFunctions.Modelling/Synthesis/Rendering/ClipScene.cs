using System.Numerics;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis.Rendering;

/// <summary>
/// Everything fixed for one clip's frames — camera, backdrop, clothing, light, exposure, sensor noise — drawn
/// from the clip's seed; renders upright frames of the figure in motion.
/// </summary>
internal sealed class ClipScene : IDisposable
{
    const int FramingSamples = 48;
    const int NoisePatterns = 3;

    readonly SyntheticClip _clip;
    readonly Mat _background;
    readonly FigureRenderer _figure;
    readonly Mat[] _noise;
    readonly Random _random;
    readonly double _noiseAmplitude;

    ClipScene(SyntheticClip clip, Random random)
    {
        _clip = clip;
        _random = random;
        var size = new Size(clip.Width, clip.Height);
        var framing = Enumerable.Range(0, FramingSamples).Select(i => clip.PoseAt(i * (clip.FrameCount - 1) / (FramingSamples - 1))).ToArray();
        var camera = CameraRig.Place(random, clip.Angle, framing, size, clip.Motion.Body.Height * 0.08f);
        var exposure = Exposure.Sample(random);
        _background = BackgroundPainter.Paint(size, random.Pick(Enum.GetValues<BackgroundStyle>()), camera, random);
        exposure.Apply(_background);
        var light = float.DegreesToRadians(random.Range(-160f, -20f));
        _figure = new FigureRenderer(camera, Appearance.Sample(random), clip.Motion.Body, new Vector2(MathF.Cos(light), MathF.Sin(light)), exposure);
        // Grain of a phone sensor after compression: a few grey levels, not tens (that would swamp the optical flow).
        _noiseAmplitude = random.Chance(0.2) ? 0 : random.Range(1.0, 6.0);
        _noise = Enumerable.Range(0, NoisePatterns).Select(_ => SensorNoise(size, random)).ToArray();
    }

    public static ClipScene Create(SyntheticClip clip) => new(clip, new Random(Seeds.Mix(clip.Seed, 1)));

    /// <summary>Frames must be rendered in order: the sensor noise pattern of each is drawn in sequence.</summary>
    public Mat Render(int frame)
    {
        var image = _background.Clone();
        _figure.Draw(image, _clip.PoseAt(frame));
        var noise = _noise[_random.Next(NoisePatterns)];
        Cv2.AddWeighted(image, 1, noise, _noiseAmplitude / 127.5, -_noiseAmplitude, image);
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
        _background.Dispose();
        foreach (var noise in _noise)
        {
            noise.Dispose();
        }
    }
}
