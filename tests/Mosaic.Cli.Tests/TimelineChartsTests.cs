using Mosaic.Cli.Timelines;
using Mosaic.Scheduling;
using Mosaic.Scheduling.Instances;
using Mosaic.Scheduling.Planning;

namespace Mosaic.Cli.Tests;

public sealed class TimelineChartsTests
{
    /// <summary>
    /// The predicted chart shows the plan as priced: its makespan is the plan's for every scheduler. The data-parallel
    /// chart used to re-price sessions without the paper's run floors (mmlu-pro: 2376.4 s drawn, 2459.3 s printed).
    /// </summary>
    [Theory]
    [InlineData("paper:mmlu-pro")]
    [InlineData("paper:gpqa")]
    public void FromPlan_EveryScheduler_DrawsThePlansOwnMakespan(string name)
    {
        var instance = InstanceCatalog.Resolve(name);

        foreach (var plan in SchedulerCatalog.Resolve("all", new IlpOptions { TimeLimit = TimeSpan.FromSeconds(2) }).Select(s => s.Plan(instance)))
        {
            var chart = TimelineCharts.FromPlan(name, plan, instance);

            var marker = Assert.Single(chart.Markers);
            Assert.Equal(plan.MakespanSeconds, marker.Seconds, 6);
            Assert.Equal(plan.MakespanSeconds, chart.Bars.Max(b => b.End), 6);
            Assert.Equal(plan.Workers.Sum(w => w.Sessions.Sum(s => s.ComputeSeconds)), chart.Bars.Where(b => b.Kind == GanttKind.ExpertSession).Sum(b => b.End - b.Start), 6);
        }
    }
}
