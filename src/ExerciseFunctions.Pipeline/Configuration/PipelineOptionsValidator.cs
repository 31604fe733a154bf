using Microsoft.Extensions.Options;

namespace ExerciseFunctions.Pipeline.Configuration;

/// <summary>
/// Refuses settings the pipeline cannot run with, at start (ValidateOnStart) rather than on the first upload. Written
/// by hand rather than with data annotations: several rules relate two settings.
/// </summary>
public sealed class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    /// <summary>The smallest clip the I3D graph accepts (measured: T = 9 is the smallest that runs).</summary>
    public const int MinWindowFrames = 9;

    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var failures = new List<string>();
        Require(options.WindowFrames >= MinWindowFrames, $"WindowFrames must be at least {MinWindowFrames} (is {options.WindowFrames}).");
        Require(options.WindowStride >= 1, $"WindowStride must be at least 1 (is {options.WindowStride}).");
        Require(options.FlowChunkFrames >= 1, $"FlowChunkFrames must be at least 1 (is {options.FlowChunkFrames}).");
        Require(options.TargetFps > 0 && double.IsFinite(options.TargetFps), $"TargetFps must be a positive number (is {options.TargetFps}).");
        Require(options.MinDurationSeconds >= 0, $"MinDurationSeconds must not be negative (is {options.MinDurationSeconds}).");
        Require(options.MinDurationSeconds < options.MaxDurationSeconds,
            $"MinDurationSeconds ({options.MinDurationSeconds}) must be less than MaxDurationSeconds ({options.MaxDurationSeconds}).");
        Require(options.ActivityConcurrency >= 1, $"ActivityConcurrency must be at least 1 (is {options.ActivityConcurrency}).");
        Require(options.InferenceThreads >= 0, $"InferenceThreads must be 0 (one per core) or more (is {options.InferenceThreads}).");
        Require(options.BenchInferenceStandIn >= TimeSpan.Zero && options.BenchInferenceStandIn <= PipelineOptions.MaxBenchInferenceStandIn,
            $"BenchInferenceStandIn must be 0 (off: the real model) to {PipelineOptions.MaxBenchInferenceStandIn} (is {options.BenchInferenceStandIn}).");
        Require(Enum.IsDefined(options.InferenceDevice), $"InferenceDevice '{options.InferenceDevice}' is unknown.");
        Require(Enum.IsDefined(options.FlowAlgorithm), $"FlowAlgorithm '{options.FlowAlgorithm}' is unknown.");
        foreach (var (setting, value) in new[] { ("VideosContainer", options.VideosContainer), ("WorkContainer", options.WorkContainer),
                     ("ClassificationsTable", options.ClassificationsTable), ("TaskHub", options.TaskHub) })
        {
            Require(!string.IsNullOrWhiteSpace(value), $"{setting} must not be empty.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures.Select(f => $"{PipelineOptions.SectionName}:{f}"));

        void Require(bool condition, string failure)
        {
            if (!condition)
            {
                failures.Add(failure);
            }
        }
    }
}
