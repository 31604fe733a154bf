namespace ExerciseFunctions.Runtime.Video;

/// <summary>The allowed length of a video (<see cref="VideoReadOptions"/>), with the user-facing refusal.</summary>
internal static class VideoDuration
{
    /// <exception cref="InvalidVideoException">Longer or shorter than allowed.</exception>
    public static void Refuse(string name, double seconds, VideoReadOptions options)
    {
        if (seconds > options.MaxDurationSeconds)
            throw new InvalidVideoException($"'{name}' is too long: {seconds:0.#} s (at most {options.MaxDurationSeconds:0.#} s allowed).");
        if (seconds < options.MinDurationSeconds)
            throw new InvalidVideoException($"'{name}' is too short: {seconds:0.###} s (at least {options.MinDurationSeconds:0.###} s needed).");
    }
}
