using System.Diagnostics;
using System.Runtime.ExceptionServices;
using ExerciseFunctions.Modelling.Synthesis.Rendering;
using ExerciseFunctions.Runtime.Video;
using OpenCvSharp;

namespace ExerciseFunctions.Modelling.Synthesis;

/// <summary>
/// Writes labelled exercise videos (.mp4, encoded as <see cref="SynthesisOptions.Codec"/>) named <c>&lt;class&gt;_&lt;angle&gt;_&lt;id&gt;.mp4</c>.
/// The same options give the same bytes: every clip has its own seed, whatever order the threads take.
/// </summary>
public static class SyntheticVideoGenerator
{
    public static SynthesisResult Generate(SynthesisOptions options, IProgress<SynthesisProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options.Validate();
        Directory.CreateDirectory(options.OutputDirectory);
        var idDigits = Math.Max(3, (options.PerClass - 1).ToString().Length);
        var clips = options.Classes.Select(SyntheticClass.Parse)
            .SelectMany(c => Enumerable.Range(0, options.PerClass).Select(id => SyntheticClip.Plan(c, id, options)))
            .ToArray();
        var videos = new SyntheticVideo[clips.Length];
        var completed = 0;
        var stopwatch = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, clips.Length, parallel, i =>
            {
                videos[i] = Write(clips[i], Path.Combine(options.OutputDirectory, clips[i].FileName(idDigits)), options.Codec);
                progress?.Report(new SynthesisProgress(Interlocked.Increment(ref completed), clips.Length, videos[i].Path));
            });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        return new SynthesisResult(videos, stopwatch.Elapsed);
    }

    /// <summary>Renders one clip to <paramref name="path"/>; portrait clips are stored on their side and tagged 90°.</summary>
    public static SyntheticVideo Write(SyntheticClip clip, string path, VideoCodec codec = VideoCodec.Mp4v)
    {
        using var scene = ClipScene.Create(clip);
        var stored = clip.Portrait ? new Size(clip.Height, clip.Width) : new Size(clip.Width, clip.Height);
        using (var writer = VideoFileWriter.Open(path, codec, clip.Fps, stored))
        {
            for (var frame = 0; frame < clip.FrameCount; frame++)
            {
                using var image = scene.Render(frame);
                if (clip.Portrait)
                {
                    Cv2.Rotate(image, image, RotateFlags.Rotate90Counterclockwise);
                }
                writer.Write(image);
            }
            writer.Finish();
        }
        var rotation = clip.Portrait ? 90 : 0;
        if (clip.Portrait)
        {
            Mp4RotationTag.Set(path, rotation);
        }
        return new SyntheticVideo(path, clip.Class.Name, clip.Angle.ToString().ToLowerInvariant(), stored.Width, stored.Height,
            rotation, clip.Fps, clip.FrameCount, clip.Motion.Repetitions);
    }

    /// <summary>The upright frames of a clip as the generator draws them, before encoding (for checks and previews).</summary>
    public static IEnumerable<Mat> RenderFrames(SyntheticClip clip)
    {
        using var scene = ClipScene.Create(clip);
        for (var frame = 0; frame < clip.FrameCount; frame++)
        {
            yield return scene.Render(frame);
        }
    }
}
