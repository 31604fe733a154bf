using ExerciseFunctions.Runtime.I3d;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace ExerciseFunctions.Runtime.Inference;

/// <summary>One stream's scores for one window.</summary>
public sealed record StreamOutput(float[] Logits, float[] Features);

/// <summary>One ONNX Runtime session for one I3D stream; create once per process and reuse (thread-safe Run).</summary>
public sealed class I3dSession : IDisposable
{
    private static readonly string[] OutputNames = [I3dModelBuilder.LogitsName, I3dModelBuilder.FeaturesName];
    private static readonly string[] InputNames = [I3dModelBuilder.InputName];

    private readonly InferenceSession session;

    private I3dSession(InferenceSession session, InferenceDevice device)
    {
        this.session = session;
        Device = device;
        Channels = (int)session.InputMetadata[I3dModelBuilder.InputName].Dimensions[^1];
    }

    /// <summary>
    /// Opens a model. With <see cref="InferenceDevice.Cuda"/> the CUDA provider is tried first; when it cannot
    /// load, the session runs on the CPU and logs a warning.
    /// </summary>
    public static I3dSession Open(string onnxPath, InferenceOptions options, ILogger? logger = null)
    {
        if (!File.Exists(onnxPath))
        {
            throw new FileNotFoundException($"Model file not found: {onnxPath}", onnxPath);
        }
        if (options.Device == InferenceDevice.Cuda)
        {
            try
            {
                using var cudaOptions = CreateOptions(options);
                cudaOptions.AppendExecutionProvider_CUDA(0);
                return new I3dSession(new InferenceSession(onnxPath, cudaOptions), InferenceDevice.Cuda);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                // The provider library or CUDA/cuDNN is missing: either the append or the session creation fails.
                InferenceLogs.CudaUnavailable(logger ?? NullLogger.Instance, Path.GetFileName(onnxPath), FirstLine(e.Message));
            }
        }
        using var cpuOptions = CreateOptions(options);
        return new I3dSession(new InferenceSession(onnxPath, cpuOptions), InferenceDevice.Cpu);
    }

    /// <summary>3 for RGB, 2 for flow.</summary>
    public int Channels { get; }

    /// <summary>The device the session actually runs on (CUDA falls back to CPU when unavailable).</summary>
    public InferenceDevice Device { get; }

    /// <summary>Scores one clip, NTHWC [1, frames, 224, 224, Channels].</summary>
    public StreamOutput Run(float[] clip, int frames)
    {
        const int size = I3dArchitecture.FrameSize;
        if (clip.LongLength != (long)frames * size * size * Channels)
        {
            throw new ArgumentException(
                $"Clip has {clip.LongLength} values; {frames} frames of {size}x{size}x{Channels} need {(long)frames * size * size * Channels}.", nameof(clip));
        }
        using var input = OrtValue.CreateTensorValueFromMemory(clip, [1, frames, size, size, Channels]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, InputNames, [input], OutputNames);
        return new StreamOutput(results[0].GetTensorDataAsSpan<float>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public void Dispose() => session.Dispose();

    private static SessionOptions CreateOptions(InferenceOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.Threads,
        };
        SharedCpuArena.Register();
        sessionOptions.AddSessionConfigEntry("session.use_env_allocators", "1");
        return sessionOptions;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}

public enum InferenceDevice { Cpu, Cuda }

/// <summary>Where and how ONNX Runtime runs the I3D sessions.</summary>
public sealed record InferenceOptions
{
    public InferenceDevice Device { get; init; } = InferenceDevice.Cpu;

    /// <summary>Intra-op threads (0 = ONNX Runtime's choice: one per core).</summary>
    public int Threads { get; init; }
}

/// <summary>
/// One CPU memory arena for every I3D session in the process. With an arena per session, the RGB and the flow
/// session each grow to hold their own concurrent runs and keep that memory for good; sharing one arena lets a
/// flow run reuse what an RGB run released, so a long video's peak stays that of the runs actually in flight.
/// </summary>
internal static class SharedCpuArena
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        using var arena = new OrtArenaCfg(0, -1, -1, -1); // ONNX Runtime's defaults: no cap, power-of-two growth
        OrtEnv.Instance().CreateAndRegisterAllocator(memory, arena);
        return true;
    });

    /// <summary>Registers the arena with the ONNX Runtime environment once; sessions opt in with <c>session.use_env_allocators</c>.</summary>
    public static void Register() => _ = Registered.Value;
}
