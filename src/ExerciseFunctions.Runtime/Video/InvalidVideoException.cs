namespace ExerciseFunctions.Runtime.Video;

/// <summary>The input is not a usable video (corrupt, empty, too short, too long). Bad input: never retried.</summary>
public sealed class InvalidVideoException(string message, Exception? inner = null) : Exception(message, inner);
