namespace ExerciseFunctions.Modelling.Synthesis;

/// <summary>A landscape frame size in pixels (portrait clips use it turned on its side).</summary>
public sealed record FrameSize(int Width, int Height)
{
    /// <summary>"1280x720" → 1280 by 720; both even (the MPEG-4 encoder needs it) and at least 32.</summary>
    public static FrameSize Parse(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var width) || !int.TryParse(parts[1], out var height)
            || width < 32 || height < 32 || width % 2 != 0 || height % 2 != 0)
        {
            throw new ArgumentException($"Frame size '{text}' is not WIDTHxHEIGHT with even sides of at least 32 pixels.");
        }
        return new FrameSize(width, height);
    }

    public override string ToString() => $"{Width}x{Height}";
}

/// <summary>What <see cref="SyntheticVideoGenerator"/> makes: how many clips per class, from which seed, in what shapes.</summary>
public sealed record SynthesisOptions
{
    public required string OutputDirectory { get; init; }
    public int PerClass { get; init; } = 20;
    public int Seed { get; init; }
    public double MinSeconds { get; init; } = 2;
    public double MaxSeconds { get; init; } = 6;

    /// <summary>480p to 1080p by default; each clip picks one.</summary>
    public IReadOnlyList<FrameSize> Sizes { get; init; } = [new(854, 480), new(1280, 720), new(1920, 1080)];

    /// <summary>The share of clips shot as portrait phone videos: stored landscape with a 90° rotation tag.</summary>
    public double PortraitShare { get; init; } = 0.25;

    public IReadOnlyList<int> FrameRates { get; init; } = [24, 25, 30, 48, 50, 60];

    /// <summary>Class names to generate (all six by default).</summary>
    public IReadOnlyList<string> Classes { get; init; } = SyntheticClass.All.Select(c => c.Name).ToArray();

    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>MPEG-4 part 2 by default (no other tool needed); H.264 or HEVC for phone-like files.</summary>
    public VideoCodec Codec { get; init; } = VideoCodec.Mp4v;

    internal void Validate()
    {
        Require(PerClass >= 1, $"Videos per class must be at least 1 (got {PerClass}).");
        Require(MinSeconds >= 0.5 && MaxSeconds >= MinSeconds && MaxSeconds <= 120,
            $"Clip length must satisfy 0.5 <= min <= max <= 120 seconds (got {MinSeconds} and {MaxSeconds}).");
        Require(Sizes.Count > 0, "At least one frame size is needed.");
        Require(PortraitShare is >= 0 and <= 1, $"The portrait share must be between 0 and 1 (got {PortraitShare}).");
        Require(FrameRates.Count > 0 && FrameRates.All(f => f is >= 1 and <= 240), "Frame rates must be between 1 and 240.");
        Require(Classes.Count > 0, "At least one class is needed.");
        Require(MaxParallelism >= 1, "Parallelism must be at least 1.");
        foreach (var name in Classes)
        {
            SyntheticClass.Parse(name);
        }
    }

    static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}

/// <summary>One step of a synthesis run, for progress bars.</summary>
public sealed record SynthesisProgress(int Completed, int Total, string LastFile);

/// <summary>A written video and the facts it was made from.</summary>
public sealed record SyntheticVideo(string Path, string ClassName, string Angle, int StoredWidth, int StoredHeight,
    int RotationDegrees, int Fps, int FrameCount, int Repetitions);

public sealed record SynthesisResult(IReadOnlyList<SyntheticVideo> Videos, TimeSpan Elapsed)
{
    public double VideosPerSecond => Videos.Count / Elapsed.TotalSeconds;
}
