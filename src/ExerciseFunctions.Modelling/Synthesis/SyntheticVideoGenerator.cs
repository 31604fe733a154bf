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
        var idDigits = IdDigits(options);
        var clips = options.Classes.Select(SyntheticClass.Parse)
            .SelectMany(c => Enumerable.Range(0, options.PerClass).Select(id => SyntheticClip.Plan(c, id, options)))
            .ToArray();
        return WriteAll(clips, c => Write(c, Path.Combine(options.OutputDirectory, c.FileName(idDigits)), options.Codec), options, progress, cancellationToken);
    }

    /// <summary>
    /// Clips that show none of the six classes, <see cref="SynthesisOptions.PerClass"/> of each kind, named
    /// <c>not-exercise_&lt;kind&gt;_&lt;id&gt;.mp4</c> (sizes, frame rates, lengths and codec from <paramref name="options"/>; landscape only).
    /// </summary>
    public static SynthesisResult GenerateNonExercise(SynthesisOptions options, IReadOnlyList<NonExerciseKind> kinds,
        IProgress<SynthesisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var idDigits = IdDigits(options);
        var clips = kinds.SelectMany(k => Enumerable.Range(0, options.PerClass).Select(id => NonExerciseClip.Plan(k, id, options))).ToArray();
        return WriteAll(clips, c =>
        {
            var path = Path.Combine(options.OutputDirectory, c.FileName(idDigits));
            using var source = NonExerciseScene.Create(c);
            Encode(source, path, options.Codec, c.Fps, c.FrameCount, new Size(c.Width, c.Height), portrait: false);
            return new SyntheticVideo(path, NonExerciseClip.Prefix, NonExerciseClip.KindName(c.Kind), c.Width, c.Height, 0, c.Fps, c.FrameCount, 0);
        }, options, progress, cancellationToken);
    }

    static int IdDigits(SynthesisOptions options) => Math.Max(3, (options.PerClass - 1).ToString().Length);

    static SynthesisResult WriteAll<T>(IReadOnlyList<T> clips, Func<T, SyntheticVideo> write, SynthesisOptions options,
        IProgress<SynthesisProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var videos = new SyntheticVideo[clips.Count];
        var completed = 0;
        var stopwatch = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, clips.Count, parallel, i =>
            {
                videos[i] = write(clips[i]);
                progress?.Report(new SynthesisProgress(Interlocked.Increment(ref completed), clips.Count, videos[i].Path));
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
        var stored = Encode(scene, path, codec, clip.Fps, clip.FrameCount, new Size(clip.Width, clip.Height), clip.Portrait);
        return new SyntheticVideo(path, clip.Class.Name, clip.Angle.ToString().ToLowerInvariant(), stored.Width, stored.Height,
            clip.Portrait ? 90 : 0, clip.Fps, clip.FrameCount, clip.Motion.Repetitions);
    }

    static Size Encode(IFrameSource source, string path, VideoCodec codec, int fps, int frames, Size upright, bool portrait)
    {
        var stored = portrait ? new Size(upright.Height, upright.Width) : upright;
        using (var writer = VideoFileWriter.Open(path, codec, fps, stored))
        {
            for (var frame = 0; frame < frames; frame++)
            {
                using var image = source.Render(frame);
                if (portrait)
                {
                    Cv2.Rotate(image, image, RotateFlags.Rotate90Counterclockwise);
                }
                writer.Write(image);
            }
            writer.Finish();
        }
        if (portrait)
        {
            Mp4RotationTag.Set(path, 90);
        }
        return stored;
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
