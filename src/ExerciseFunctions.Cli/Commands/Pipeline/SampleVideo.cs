using ExerciseFunctions.Modelling.Synthesis;

namespace ExerciseFunctions.Cli.Commands.Pipeline;

/// <summary>
/// A generated stand-in for a real upload (the synthetic generator the default model was trained on): 30 fps;
/// a portrait clip is stored landscape with a 90° rotation tag, like a phone's. MPEG-4 part 2 unless asked for
/// another codec (H.264 and HEVC need the ffmpeg command).
/// </summary>
internal static class SampleVideo
{
    public static string Write(string folder, int width, int height, bool portrait, double seconds, string className = "bw-squat_correct",
        VideoCodec codec = VideoCodec.Mp4v, int seed = 2026)
    {
        var options = new SynthesisOptions
        {
            OutputDirectory = folder,
            PerClass = 1,
            Seed = seed,
            MinSeconds = seconds,
            MaxSeconds = seconds,
            Sizes = [new FrameSize(width, height)],
            PortraitShare = portrait ? 1 : 0,
            FrameRates = [30],
            Classes = [className],
            Codec = codec,
        };
        return SyntheticVideoGenerator.Generate(options).Videos.Single().Path;
    }
}
