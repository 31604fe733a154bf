using ExerciseFunctions.Modelling.Synthesis;
using OpenCvSharp;

namespace ExerciseFunctions.Testing;

/// <summary>One segment of a montage: a generated clip of <see cref="ClassName"/> lasting <see cref="Seconds"/>.</summary>
public sealed record MontageSegment(string ClassName, double Seconds);

/// <summary>
/// A video made of generated exercise clips played one after another (mp4v, landscape), each rendered by the
/// synthesis at the montage's frame rate and size: where one segment ends the class changes.
/// </summary>
public static class ExerciseMontage
{
    /// <summary>Writes the montage to <paramref name="path"/>; segment i is clip i of its class in the dataset of <paramref name="seed"/>.</summary>
    public static string Write(string path, int fps, FrameSize size, int seed, params MontageSegment[] segments)
    {
        using var writer = VideoFileWriter.Open(path, VideoCodec.Mp4v, fps, new Size(size.Width, size.Height));
        foreach (var (segment, index) in segments.Select((s, i) => (s, i)))
        {
            var options = new SynthesisOptions
            {
                OutputDirectory = Path.GetDirectoryName(path)!,
                Seed = seed,
                MinSeconds = segment.Seconds,
                MaxSeconds = segment.Seconds,
                Sizes = [size],
                FrameRates = [fps],
                PortraitShare = 0,
            };
            foreach (var frame in SyntheticVideoGenerator.RenderFrames(SyntheticClip.Plan(SyntheticClass.Parse(segment.ClassName), index, options)))
            {
                using (frame)
                {
                    writer.Write(frame);
                }
            }
        }
        writer.Finish();
        return path;
    }
}
