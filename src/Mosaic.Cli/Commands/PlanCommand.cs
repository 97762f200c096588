using System.CommandLine;
using Mosaic.Cli.Reports;
using Mosaic.Cli.Timelines;
using Mosaic.Routing;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;
using Mosaic.Scheduling.Profiling;

namespace Mosaic.Cli.Commands;

/// <summary>
/// <c>mosaic plan</c>: plan the expert stage of an instance, of a routed workload priced by measured profiles, or of a
/// pool file's experts (<see cref="PoolPlanInstance"/>), with one or all schedulers; optionally draw each plan's
/// predicted timeline.
/// </summary>
internal static class PlanCommand
{
    private static readonly string[] Schedulers = [.. SchedulerCatalog.Names, "all"];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var instance = new Option<string?>("--instance") { Description = "paper:mmlu-pro, paper:medmcqa, paper:gpqa, or an instance JSON file" };
        var workload = new Option<string?>("--workload") { Description = "a routed workload (JSON lines, e.g. from `mosaic zoo workload --routed-out`) to plan with --profiles or --config" };
        var config = new Option<string?>("--config")
        {
            Description = "a pool file (as `mosaic run --config` takes): plan its experts, priced by their profiles, over --workload, --requests "
                + "or by default the zoo's test questions routed by the pool; --workers, -k and --share-repeated-calls default to the pool's",
        };
        var requests = new Option<string?>("--requests") { Description = "with --config: an OpenAI Batch file (as `mosaic run -i` takes), routed by the pool" };
        var profiles = new Option<string?>("--profiles") { Description = "folder of measured expert profiles (<expert>/profile.json or <expert>.json) that price the experts" };
        var shareRepeatedCalls = new Option<bool?>("--share-repeated-calls")
        {
            Description = "with --workload or --config: a question's repeats of one expert share one call, as the service runs them by default (with --config: the pool's setting)",
        };
        var workers = new Option<int?>("--workers") { Description = "workers to plan for (default: the instance's or the pool's; 2 for a workload)" };
        var modelsPerWorker = new Option<int?>("--models-per-worker", "-k") { Description = "K, the most distinct models per worker (default: the instance's or the pool's; 4 for a workload, as the zoo's pool)" };
        var scheduler = new Option<string>("--scheduler") { Description = "which scheduler plans", DefaultValueFactory = _ => "all" };
        scheduler.AcceptOnlyFromAmong(Schedulers);
        var timeLimit = new Option<int>("--time-limit-ms") { Description = "CP-SAT wall-clock limit per solve", DefaultValueFactory = _ => 2000 };
        var searchWorkers = new Option<int>("--search-workers") { Description = "CP-SAT threads (0 = automatic)", DefaultValueFactory = _ => 0 };
        var heterogeneous = new Option<bool>("--heterogeneous") { Description = "ILP extension (a): model worker speeds" };
        var memory = new Option<string>("--memory") { Description = "ILP extension (b): memory constraint", DefaultValueFactory = _ => "off" };
        memory.AcceptOnlyFromAmong("off", "fit-each", "co-resident");
        var perPrompt = new Option<bool>("--per-prompt") { Description = "ILP extension (c): balance predicted per-prompt costs" };
        var timeline = new Option<string?>("--timeline") { Description = "draw the predicted Gantt chart to this PNG (one file per scheduler: name-<scheduler>.png when several; into a folder: timeline-<scheduler>.png)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };

        var command = new Command("plan", "Plan the expert stage of a MoA batch and compare schedulers.")
        {
            instance, workload, config, requests, profiles, shareRepeatedCalls, workers, modelsPerWorker, scheduler, timeLimit, searchWorkers, heterogeneous, memory, perPrompt, timeline, json,
        };

        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var limit = parsed.GetValue(timeLimit);
            var threads = parsed.GetValue(searchWorkers);
            if (limit <= 0)
            {
                throw new UsageException($"--time-limit-ms must be positive, got {limit}");
            }

            if (threads < 0)
            {
                throw new UsageException($"--search-workers must be 0 (automatic) or more, got {threads}");
            }

            if (parsed.GetValue(timeline) is { } target && !Directory.Exists(target)
                && !string.Equals(Path.GetExtension(target), ".png", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--timeline '{target}': the chart is a PNG; name a .png file or an existing folder");
            }

            if (parsed.GetValue(timeline) is { } chart && !Directory.Exists(chart))
            {
                OutputFiles.CheckWritable("--timeline", chart, example: "timeline.png");
            }

            var options = new IlpOptions
            {
                TimeLimit = TimeSpan.FromMilliseconds(limit),
                SearchWorkers = threads,
                HeterogeneousWorkers = parsed.GetValue(heterogeneous),
                Memory = parsed.GetValue(memory) switch
                {
                    "fit-each" => MemoryConstraint.FitEach,
                    "co-resident" => MemoryConstraint.CoResident,
                    _ => MemoryConstraint.Off,
                },
                PerPromptAssignment = parsed.GetValue(perPrompt),
            };

            var problem = parsed.GetValue(config) is { } pool
                ? PoolProblem(pool, parsed.GetValue(instance), parsed.GetValue(profiles), parsed.GetValue(workload), parsed.GetValue(requests), parsed.GetValue(shareRepeatedCalls),
                    parsed.GetValue(workers), parsed.GetValue(modelsPerWorker))
                : Problem(parsed.GetValue(instance), parsed.GetValue(workload), parsed.GetValue(requests), parsed.GetValue(profiles), parsed.GetValue(shareRepeatedCalls),
                    parsed.GetValue(workers), parsed.GetValue(modelsPerWorker));
            // The paper's shard floors are its GPUs' (A.6): a paper instance keeps them; profiles or an instance file are costs
            // measured elsewhere, where they would make data parallelism look 20x slower than it is.
            var paperPriced = parsed.GetValue(profiles) is null && parsed.GetValue(instance) is { } named && named.StartsWith("paper:", StringComparison.Ordinal);
            var schedulers = SchedulerCatalog.Resolve(parsed.GetValue(scheduler)!, options, paperPriced ? null : RunTail.None);
            if (!options.HeterogeneousWorkers && problem.Workers.Select(w => w.Speed).Distinct().Count() > 1
                && schedulers.Any(s => s is MosaicIlpScheduler))
            {
                stderr.WriteLine("plan: warning: the instance's workers run at different speeds, which the ILP models only with --heterogeneous: "
                    + "without it, it plans as if they were equal, and its status and bound are that model's (the makespan is priced at the real speeds)");
            }

            var plans = schedulers.Select(s => s.Plan(problem)).ToArray();
            var report = PlanReportBuilder.Build(problem, plans);
            if (report.Schedules.FirstOrDefault(s => s.Status == "infeasible") is { } infeasible)
            {
                throw new UsageException($"instance '{problem.Name}' has no feasible plan for scheduler '{infeasible.Scheduler}' "
                    + "under its constraints (memory capacity, K, replica caps)");
            }

            if (parsed.GetValue(timeline) is { } png)
            {
                foreach (var plan in plans)
                {
                    var path = Directory.Exists(png) ? Path.Combine(png, $"timeline-{plan.Scheduler}.png")
                        : plans.Length == 1 ? png
                        : Path.ChangeExtension(png, null) + $"-{plan.Scheduler}.png";
                    GanttRenderer.SavePng(TimelineCharts.FromPlan($"{problem.Name}: {plan.Scheduler} plan (predicted)", plan, problem), path);
                    stderr.WriteLine($"wrote {path}");
                }
            }

            if (parsed.GetValue(json))
            {
                JsonOutput.Write(stdout, report);
            }
            else
            {
                PlanReportTable.Write(report, stdout);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static SchedulingInstance PoolProblem(
        string config, string? instance, string? profiles, string? workload, string? requests, bool? shareRepeatedCalls, int? workers, int? modelsPerWorker)
    {
        if (instance is not null || profiles is not null)
        {
            throw new UsageException("--config plans the pool's experts, priced by the pool's own profiles: give it without --instance and --profiles");
        }

        CheckCounts(workers, modelsPerWorker);
        return PoolPlanInstance.Build(config, workload, requests, shareRepeatedCalls, workers, modelsPerWorker);
    }

    private static void CheckCounts(int? workers, int? modelsPerWorker)
    {
        if (workers is < 1 || modelsPerWorker is < 1)
        {
            throw new UsageException("--workers and --models-per-worker must be positive");
        }
    }

    /// <summary>
    /// The instance to plan: a named or file instance (repriced by profiles when given), or a routed workload priced by
    /// profiles, one call per slot or, with <paramref name="shareRepeatedCalls"/>, per question and expert.
    /// </summary>
    private static SchedulingInstance Problem(string? instance, string? workload, string? requests, string? profiles, bool? shareRepeatedCalls, int? workers, int? modelsPerWorker)
    {
        if (requests is not null)
        {
            throw new UsageException("--requests needs --config (the pool that routes and answers them)");
        }

        if (shareRepeatedCalls is not null && workload is null)
        {
            throw new UsageException("--share-repeated-calls applies to --workload or --config only (an instance has call counts, not questions)");
        }

        CheckCounts(workers, modelsPerWorker);

        switch (instance, workload)
        {
            case (null, null):
                throw new UsageException("give --instance, --workload with --profiles, or --config");
            case ({ }, { }):
                throw new UsageException("give either --instance or --workload, not both");
            case (null, { } file):
                if (profiles is null)
                {
                    throw new UsageException("--workload needs --profiles (the measured profiles that price its experts) or --config (a pool file whose experts price it)");
                }

                var calls = RoutedWorkloadFile.ReadFile(file).SelectMany(q => shareRepeatedCalls == true ? q.Experts.Distinct(StringComparer.Ordinal) : q.Experts).ToArray();
                if (calls.Length == 0)
                {
                    throw new UsageException($"{file} holds no questions");
                }

                var measured = ProfileDirectory.Load(profiles, calls);
                return ProfiledInstances.FromCalls(Path.GetFileNameWithoutExtension(file), calls, measured, workers ?? 2, modelsPerWorker ?? 4);
            case ({ } name, null):
                var resolved = InstanceCatalog.Resolve(name);
                if (workers is not null && resolved.Workers.Any(w => w.Speed != 1 || w.MemoryGb is not null))
                {
                    throw new UsageException($"--workers would replace the workers of instance '{resolved.Name}', which have their own speeds or memory; "
                        + "change the workers in the instance file instead");
                }

                if (profiles is null)
                {
                    return workers is null && modelsPerWorker is null
                        ? resolved
                        : (resolved with
                        {
                            Workers = workers is { } n ? Enumerable.Range(0, n).Select(i => new WorkerSpec($"gpu{i}")).ToArray() : resolved.Workers,
                            MaxModelsPerWorker = modelsPerWorker ?? resolved.MaxModelsPerWorker,
                        }).Validate();
                }

                return ProfiledInstances.Apply(resolved, ProfileDirectory.Load(profiles, resolved.Experts.Select(e => e.Name)), workers, modelsPerWorker);
        }
    }
}
