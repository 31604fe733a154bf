using Microsoft.ML.OnnxRuntime;

namespace ExerciseFunctions.Runtime.Inference;

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
