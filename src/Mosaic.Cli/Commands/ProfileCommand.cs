using System.CommandLine;
using System.Text.Json;
using Mosaic.Aggregation;
using Mosaic.Hosting;
using Mosaic.Inference;
using Mosaic.Inference.Profiling;
using Mosaic.Scheduling;

namespace Mosaic.Cli.Commands;

/// <summary>
/// <c>mosaic profile</c>: times a model folder on a calibration prompt file over a sweep of batch sizes, fits the
/// session-time regression and writes the expert's <see cref="ExpertProfile"/> JSON for the planners.
/// </summary>
internal static class ProfileCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = new Option<string>("--model") { Description = "model folder (config.json, model.safetensors, tokenizer)", Required = true };
        var prompts = new Option<string>("--prompts") { Description = "calibration prompts, one per line", Required = true };
        var batches = new Option<string>("--batches") { Description = "session sizes to time (prompts submitted at once to one engine)", DefaultValueFactory = _ => "1,4,16" };
        var maxBatch = new Option<int>("--max-batch") { Description = "rows the engine decodes together (the worker's batch width)", DefaultValueFactory = _ => 64 };
        var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "generation limit per prompt", DefaultValueFactory = _ => 128 };
        var name = new Option<string?>("--name") { Description = "expert name (default: the folder name)" };
        var kind = new Option<string>("--kind") { Description = "the expert's kind", DefaultValueFactory = _ => EnumNames<ExpertKind>.NameOf(ExpertKind.Instruct) };
        kind.AcceptOnlyFromAmong([.. EnumNames<ExpertKind>.All]);
        var output = new Option<string>("--out") { Description = "where to write the profile JSON", Required = true };
        var json = new Option<bool>("--json") { Description = "also print the profile JSON on stdout" };
        var raw = new Option<bool>("--raw") { Description = "feed each line to the model as it is instead of as a user turn in the model's prompt format" };
        var threads = new Option<int?>("--threads") { Description = "intra-op threads (default: libtorch's)" };
        var device = new Option<string>("--device") { Description = "where the model runs", DefaultValueFactory = _ => "auto" };
        device.AcceptOnlyFromAmong("auto", "cpu", "cuda");
        var command = new Command("profile", "Measure an expert's load time and session-time regression on a calibration set.")
        {
            model, prompts, batches, maxBatch, maxNewTokens, name, kind, output, json, raw, threads, device,
        };

        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var folder = parsed.GetValue(model)!;
            var promptFile = parsed.GetValue(prompts)!;
            EnumNames<ExpertKind>.TryParse(parsed.GetValue(kind), out var expertKind);
            var inferenceDevice = parsed.GetValue(device) switch
            {
                "cpu" => InferenceDevice.Cpu,
                "cuda" => InferenceDevice.Cuda,
                _ => InferenceDevice.Auto,
            };
            if (parsed.GetValue(maxNewTokens) < 1 || parsed.GetValue(maxBatch) < 1)
            {
                throw new UsageException("--max-new-tokens and --max-batch must be positive");
            }

            if (inferenceDevice == InferenceDevice.Cuda && !TorchRuntime.CudaAvailable)
            {
                throw new UsageException("--device cuda: libtorch sees no CUDA device on this machine (a CPU build, or no GPU); use cpu or auto");
            }

            // Before the measurement, which takes minutes: a path that cannot be written would lose it.
            OutputFiles.CheckWritable("--out", parsed.GetValue(output)!, promptFile, example: "profile.json");

            if (parsed.GetValue(threads) is { } n)
            {
                if (n < 1)
                {
                    throw new UsageException("--threads must be positive");
                }

                TorchRuntime.Threads = n;
            }

            var calibration = File.ReadAllLines(promptFile).Where(l => l.Trim().Length > 0).ToArray();
            if (calibration.Length == 0)
            {
                throw new UsageException($"{promptFile} holds no prompts");
            }

            var options = new ProfileOptions
            {
                BatchSizes = IntList(parsed.GetValue(batches)!, "--batches"),
                MaxNewTokens = parsed.GetValue(maxNewTokens),
                MaxBatchSize = parsed.GetValue(maxBatch),
                RawPrompts = parsed.GetValue(raw),
                Load = new ModelLoadOptions { Device = inferenceDevice },
            };

            ProfileMeasurements measured;
            try
            {
                // A folder that is no model is a one-line error before any progress is drawn.
                _ = ModelConfig.Load(Path.Combine(folder, "config.json"));
                measured = ProgressConsole.Status(stderr, $"profiling {folder} on {calibration.Length} prompts", _ => InferenceProfiler.Profile(folder, calibration, options));
            }
            catch (ModelLoadException e)
            {
                throw new UsageException(e.Message);
            }

            var profile = ExpertProfiles.Fit(parsed.GetValue(name) ?? new DirectoryInfo(folder).Name, expertKind, measured);
            if (profile.SessionTime.Unmeasured() is { Count: > 0 } unmeasured)
            {
                stderr.WriteLine($"warning: this sweep could not measure {string.Join(", ", unmeasured)} (fitted as 0, so the planner prices that work as free): "
                    + "outputs that all stop at --max-new-tokens cannot tell tokens from prompts, and batches that got no slower as they grew "
                    + "(a busy machine) zero the per-prompt cost; raise --max-new-tokens above the model's usual answer, add batch sizes (--batches 1,4,16,64), or profile on an idle machine");
            }
            var text = JsonSerializer.Serialize(profile, JsonOutput.Options);
            var directory = Path.GetDirectoryName(Path.GetFullPath(parsed.GetValue(output)!));
            Directory.CreateDirectory(directory!);
            File.WriteAllText(parsed.GetValue(output)!, text + Environment.NewLine);
            if (parsed.GetValue(json))
            {
                stdout.WriteLine(text);
            }
            else
            {
                stdout.WriteLine($"{profile.Expert}: load {profile.LoadSeconds:0.00} s, output tokens mean {profile.MeanOutputTokens:0.0} max {profile.MaxOutputTokens:0}, "
                    + $"single stream {profile.SingleStreamSecondsPerToken * 1000:0.00} ms/token");
                foreach (var b in measured.Batches)
                {
                    stdout.WriteLine($"  batch {b.Prompts,4}: {b.Seconds:0.000} s, {b.TokensPerSecond:0.0} tokens/s");
                }

                stdout.WriteLine($"wrote {parsed.GetValue(output)}");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    internal static int[] IntList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 && parts.All(p => int.TryParse(p, out var v) && v > 0)
            ? parts.Select(int.Parse).ToArray()
            : throw new UsageException($"{option} must be a comma-separated list of positive integers, got '{text}'");
    }
}
