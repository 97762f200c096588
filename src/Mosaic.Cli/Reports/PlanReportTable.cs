using System.Globalization;
using Spectre.Console;

namespace Mosaic.Cli.Reports;

/// <summary>The human-readable form of a <see cref="PlanReport"/>: one table per scheduler, then a summary.</summary>
internal static class PlanReportTable
{
    public static void Write(PlanReport report, TextWriter writer)
    {
        var console = ConsoleTables.For(writer);
        console.WriteLine(Invariant(
            $"Instance {report.Instance}: lower bound {report.LowerBoundSeconds:0.0} s (work {report.LowerBoundTerms.WorkSeconds:0.0}, expert {report.LowerBoundTerms.ExpertSeconds:0.0}, job {report.LowerBoundTerms.JobSeconds:0.0}, replica {report.LowerBoundTerms.ReplicaSeconds:0.0})"));

        foreach (var schedule in report.Schedules)
        {
            var table = new Table { Border = TableBorder.Simple };
            table.AddColumn("worker");
            table.AddColumn(new TableColumn("busy s").RightAligned());
            table.AddColumn("sessions (expert x prompts: load + compute s)");
            foreach (var worker in schedule.Workers)
            {
                var sessions = string.Join("; ", worker.Sessions.Select(s =>
                    Invariant($"{s.Expert} x{s.Prompts}: {s.LoadSeconds:0} + {s.ComputeSeconds:0.0}")));
                table.AddRow(Markup.Escape(worker.Worker), Invariant($"{worker.BusySeconds:0.0}"), Markup.Escape(sessions));
            }

            console.WriteTitled(Invariant(
                $"{schedule.Scheduler}: makespan {schedule.MakespanSeconds:0.0} s, {schedule.SpeedupOverRoundRobin:0.00}x vs round-robin, {schedule.GapToLowerBound:+0.0%;-0.0%} vs LB, {schedule.Status}, solved in {schedule.SolveMilliseconds:0.0} ms"), table);
        }

        var summary = new Table { Border = TableBorder.Simple };
        foreach (var column in new[] { "scheduler", "status", "makespan s", "vs round-robin", "gap to LB", "solve ms" })
        {
            summary.AddColumn(column);
        }

        foreach (var s in report.Schedules)
        {
            summary.AddRow(s.Scheduler, s.Status, Invariant($"{s.MakespanSeconds:0.0}"), Invariant($"{s.SpeedupOverRoundRobin:0.00}x"),
                Invariant($"{s.GapToLowerBound:+0.0%;-0.0%}"), Invariant($"{s.SolveMilliseconds:0.0}"));
        }

        console.WriteTitled("summary", summary);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
