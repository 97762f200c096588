using System.CommandLine;
using Mosaic.Cli.Reports;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Cli.Commands;

/// <summary><c>mosaic plan</c>: plan an instance's expert stage with one or all schedulers.</summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var instance = new Option<string>("--instance")
        {
            Description = "paper:mmlu-pro, paper:medmcqa, paper:gpqa, or an instance JSON file",
            Required = true,
        };
        var scheduler = new Option<string>("--scheduler")
        {
            Description = "mosaic | round-robin | data-parallel | lpt | all",
            DefaultValueFactory = _ => "all",
        };
        var timeLimit = new Option<int>("--time-limit-ms")
        {
            Description = "CP-SAT wall-clock limit per solve",
            DefaultValueFactory = _ => 2000,
        };
        var searchWorkers = new Option<int>("--search-workers")
        {
            Description = "CP-SAT threads (0 = automatic)",
            DefaultValueFactory = _ => 0,
        };
        var heterogeneous = new Option<bool>("--heterogeneous") { Description = "ILP extension (a): model worker speeds" };
        var memory = new Option<string>("--memory")
        {
            Description = "ILP extension (b): off | fit-each | co-resident",
            DefaultValueFactory = _ => "off",
        };
        var perPrompt = new Option<bool>("--per-prompt") { Description = "ILP extension (c): balance predicted per-prompt costs" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };

        var command = new Command("plan", "Plan the expert stage of a MoA batch and compare schedulers.")
        {
            instance, scheduler, timeLimit, searchWorkers, heterogeneous, memory, perPrompt, json,
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

            var options = new IlpOptions
            {
                TimeLimit = TimeSpan.FromMilliseconds(limit),
                SearchWorkers = threads,
                HeterogeneousWorkers = parsed.GetValue(heterogeneous),
                Memory = ParseMemory(parsed.GetValue(memory)!),
                PerPromptAssignment = parsed.GetValue(perPrompt),
            };
            var schedulerName = parsed.GetValue(scheduler)!;
            if (schedulerName != "all" && !SchedulerCatalog.Names.Contains(schedulerName))
            {
                throw new UsageException($"unknown scheduler '{schedulerName}' (known: {string.Join(", ", SchedulerCatalog.Names)}, all)");
            }

            var problem = InstanceCatalog.Resolve(parsed.GetValue(instance)!);
            var report = PlanReportBuilder.Build(problem, SchedulerCatalog.Resolve(schedulerName, options));
            if (report.Schedules.FirstOrDefault(s => s.Status == "infeasible") is { } infeasible)
            {
                throw new UsageException($"instance '{problem.Name}' has no feasible plan for scheduler '{infeasible.Scheduler}' "
                    + "under its constraints (memory capacity, K, replica caps)");
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

    private static MemoryConstraint ParseMemory(string value) => value switch
    {
        "off" => MemoryConstraint.Off,
        "fit-each" => MemoryConstraint.FitEach,
        "co-resident" => MemoryConstraint.CoResident,
        _ => throw new UsageException($"--memory must be off, fit-each or co-resident, got '{value}'"),
    };
}
