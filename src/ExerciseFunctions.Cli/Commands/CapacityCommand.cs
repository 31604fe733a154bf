using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ExerciseFunctions.Cli.Capacity;

namespace ExerciseFunctions.Cli.Commands;

/// <summary>`exercise capacity`: replicas and cost per 1,000 videos from a scale bench's JSON, with every assumption overridable.</summary>
internal static class CapacityCommand
{
    /// <summary>An overridable number of <see cref="CapacityAssumptions"/>: its option, and how to put it into the record.</summary>
    private sealed record Assumption(Option<double?> Option, Func<CapacityAssumptions, double, CapacityAssumptions> Apply);

    public static Command Create()
    {
        var bench = new Option<FileInfo>("--bench") { Description = "JSON of `exercise bench --stage Scale --json <file>`.", Required = true };
        var videosPerDay = new Option<double[]>("--videos-per-day")
        {
            Description = "Daily volumes to size for.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [1_000, 100_000],
        };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the estimate as JSON to this file." };
        var defaults = new CapacityAssumptions();
        Assumption[] assumptions =
        [
            New("--video-seconds", "Length of a typical upload (default: the bench clips').", (a, v) => a with { VideoSeconds = v }),
            New("--gpu-seconds-per-window", $"Assumed T4 time per stream and 64-frame window (default {defaults.GpuSecondsPerWindow}).", (a, v) => a with { GpuSecondsPerWindow = v }),
            New("--utilization", $"Planned busy share of a replica (default {defaults.Utilization}).", (a, v) => a with { Utilization = v }),
            New("--cpu-replica-vcpus", $"vCPUs of a CPU-only replica (default {defaults.CpuReplicaVcpus}).", (a, v) => a with { CpuReplicaVcpus = v }),
            New("--cpu-replica-memory-gib", $"Memory of a CPU-only replica (default {defaults.CpuReplicaMemoryGib}).", (a, v) => a with { CpuReplicaMemoryGib = v }),
            New("--gpu-replica-vcpus", $"vCPUs of a GPU replica (default {defaults.GpuReplicaVcpus}).", (a, v) => a with { GpuReplicaVcpus = v }),
            New("--gpu-replica-memory-gib", $"Memory of a GPU replica (default {defaults.GpuReplicaMemoryGib}).", (a, v) => a with { GpuReplicaMemoryGib = v }),
            New("--price-vcpu-second", $"USD per vCPU-second (default {defaults.PricePerVcpuSecond}).", (a, v) => a with { PricePerVcpuSecond = v }),
            New("--price-gib-second", $"USD per GiB-second (default {defaults.PricePerGibSecond}).", (a, v) => a with { PricePerGibSecond = v }),
            New("--price-gpu-second", $"USD per GPU-second (default {defaults.PricePerGpuSecond:G3}).", (a, v) => a with { PricePerGpuSecond = v }),
            New("--price-blob-writes", $"USD per 10,000 blob writes (default {defaults.PricePer10kBlobWrites}).", (a, v) => a with { PricePer10kBlobWrites = v }),
            New("--price-blob-reads", $"USD per 10,000 blob reads (default {defaults.PricePer10kBlobReads}).", (a, v) => a with { PricePer10kBlobReads = v }),
            New("--price-blob-lists", $"USD per 10,000 blob lists (default {defaults.PricePer10kBlobLists}).", (a, v) => a with { PricePer10kBlobLists = v }),
            New("--price-queue", $"USD per 10,000 queue operations (default {defaults.PricePer10kQueueOperations}).", (a, v) => a with { PricePer10kQueueOperations = v }),
            New("--price-table", $"USD per 10,000 table transactions (default {defaults.PricePer10kTableTransactions}).", (a, v) => a with { PricePer10kTableTransactions = v }),
        ];
        var command = new Command("capacity",
            "Replicas needed and cost per 1,000 videos, CPU-only vs serverless GPU, from a scale bench's measurements. Prices are assumptions: override them.")
        {
            bench, videosPerDay, json,
        };
        foreach (var assumption in assumptions)
        {
            command.Options.Add(assumption.Option);
        }
        command.SetAction((parse, cancel) => CliFailure.Guard(async () =>
        {
            var given = assumptions.Aggregate(defaults, (current, a) => parse.GetValue(a.Option) is { } value ? a.Apply(current, value) : current);
            var rows = ScaleMeasurements.Read(await File.ReadAllTextAsync(parse.GetValue(bench)!.FullName, cancel));
            var estimate = CapacityModel.Estimate(rows, given, parse.GetValue(videosPerDay)!);
            Console.WriteLine(ToMarkdown(estimate));
            if (parse.GetValue(json) is { } jsonFile)
            {
                await File.WriteAllTextAsync(jsonFile.FullName, JsonSerializer.Serialize(new { assumptions = given, estimate }, JsonOutput.Options), cancel);
            }
            return 0;
        }));
        return command;

        static Assumption New(string name, string description, Func<CapacityAssumptions, double, CapacityAssumptions> apply)
        {
            var option = new Option<double?>(name) { Description = description };
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<double?>() is <= 0)
                {
                    result.AddError($"{name} must be more than 0.");
                }
            });
            return new Assumption(option, apply);
        }
    }

    private static string ToMarkdown(CapacityEstimate e)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"From '{e.ModelCase}'{(e.StandInCase is null ? "" : $" and '{e.StandInCase}'")}; a {e.VideoSeconds:0.#}-s video, {e.WindowsPerStream} window(s) per stream.").AppendLine();
        text.AppendLine("| per video minute / per video | value |").AppendLine("|---|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| CPU-seconds per video minute, CPU only (measured) | {e.CpuSecondsPerVideoMinute:F1} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| CPU-seconds per video minute beside a GPU (measured, stand-in row) | {(e.CpuSecondsPerVideoMinuteBesideGpu is { } beside ? beside.ToString("F1", CultureInfo.InvariantCulture) : "no stand-in row")} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| GPU-seconds per video minute (assumed) | {e.GpuSecondsPerVideoMinute:F2} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| billed storage requests per video (measured; blob deletes are free) | {e.StorageRequestsPerVideo:F0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| blob bytes written per video (measured) | {e.BlobBytesWrittenPerVideo / 1e6:F1} MB |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| storage cost per 1,000 videos | ${e.StorageCostPerVideo * 1000:F3} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| idle storage requests per replica per minute (measured) | {e.IdleRequestsPerReplicaPerMinute:F0} |").AppendLine();
        text.AppendLine("| videos/day | CPU-only replicas | USD per 1,000 videos (CPU only) | GPU (T4) replicas | USD per 1,000 videos (GPU) |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var t in e.Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.VideosPerDay:N0} | {t.CpuReplicas} | {t.CpuCostPer1000Videos:F2} | {t.GpuReplicas?.ToString(CultureInfo.InvariantCulture) ?? "–"} | {(t.GpuCostPer1000Videos is { } gpu ? gpu.ToString("F2", CultureInfo.InvariantCulture) : "–")} |");
        }
        return text.ToString();
    }
}
