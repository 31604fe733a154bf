namespace ExerciseFunctions.Core.Video;

/// <summary>How a video is sampled before it reaches the network.</summary>
public sealed record VideoReadOptions
{
    /// <summary>Frames are resampled to this rate by timestamp (the I3D models were trained at 25 fps).</summary>
    public double TargetFps { get; init; } = 25;

    /// <summary>Longer videos are refused with an <see cref="InvalidVideoException"/>.</summary>
    public double MaxDurationSeconds { get; init; } = 120;

    /// <summary>Shorter videos are refused: too little motion to classify.</summary>
    public double MinDurationSeconds { get; init; } = 0.5;

    /// <summary>FFmpeg decode threads (0 = FFmpeg's choice).</summary>
    public int DecodeThreads { get; init; }
}
