namespace ExerciseFunctions.Runtime.Video;

/// <summary>Which frames of a video reach the network (<see cref="VideoReadOptions.Sampling"/>).</summary>
public enum FrameSampling
{
    /// <summary>Resampled by timestamp to <see cref="VideoReadOptions.TargetFps"/> (25 fps, as I3D was trained).</summary>
    Resampled,

    /// <summary>Every decoded frame once, at the video's own rate, as the reference work read videos with OpenCV.</summary>
    Source,
}

/// <summary>The order of the colour channels in each frame handed to the network (<see cref="VideoReadOptions.ChannelOrder"/>).</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue: what the I3D models were trained on.</summary>
    Rgb,

    /// <summary>Blue, green, red: OpenCV's order, which the reference work fed its networks without converting.</summary>
    Bgr,
}
