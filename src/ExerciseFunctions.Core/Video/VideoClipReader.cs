namespace ExerciseFunctions.Core.Video;

/// <summary>What the container says about a video, after rotation (width and height are upright).</summary>
public sealed record VideoSourceInfo(int Width, int Height, int RotationDegrees, double HeaderFps, int HeaderFrameCount);

/// <summary>Counted while decoding: the header is not trusted.</summary>
public sealed record ClipStatistics(int DecodedFrames, int SampledFrames, double DurationSeconds);

/// <summary>
/// Streams a video as preprocessed frames: upright, resampled to the target rate, short side 256 (bilinear),
/// centre crop 224x224, RGB, one byte[224*224*3] (HWC) per frame. Memory stays bounded for long videos.
/// </summary>
public sealed class VideoClipReader : IDisposable
{
    public static VideoClipReader Open(string path, VideoReadOptions options) => throw new NotImplementedException();

    public VideoSourceInfo Source => throw new NotImplementedException();

    /// <summary>Valid once <see cref="ReadFrames"/> has been enumerated to the end.</summary>
    public ClipStatistics Statistics => throw new NotImplementedException();

    public IEnumerable<byte[]> ReadFrames() => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
