using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Simulation;

namespace Mosaic.Scheduling.Tests;

public sealed class PaperPipelinesTests
{
    [Fact]
    public void Published_Baseline_IsTheThreeStagesWithFivePercentOnTheFirstTwo()
    {
        var figures = PaperPipelines.Published(PaperPipelines.Baseline, PaperDatasets.Gpqa);

        Assert.Equal(
            [
                new PublishedFigure("expert stage", PaperStage.Expert, new PaperFigure(2348.4), 0.05),
                new PublishedFigure("aggregator stage", PaperStage.Aggregator, new PaperFigure(348), 0.05),
                new PublishedFigure("end to end", PaperStage.EndToEnd, new PaperFigure(2348.4 + 348), null),
            ],
            figures);
    }

    [Fact]
    public void Published_MosaicAsPublished_IsTheSeedRangeTheStagesAndTheSkipRate()
    {
        var figures = PaperPipelines.Published(PaperPipelines.MosaicAsPublished, PaperDatasets.Gpqa);

        Assert.Equal(
            [
                new PublishedFigure("expert stage", PaperStage.Expert, new PaperFigure(896, 945), 0.10),
                new PublishedFigure("aggregator stage", PaperStage.Aggregator, new PaperFigure(227.73), 0.10),
                new PublishedFigure("end to end", PaperStage.EndToEnd, new PaperFigure(1153.1), 0.10),
                new PublishedFigure("skip rate", PaperStage.SkipRate, new PaperFigure(0.8737), 0.02),
            ],
            figures);
    }

    [Fact]
    public void Published_Conservative_IsTheUnanimousRate_AndExtensionsHaveNone()
    {
        Assert.Equal(
            [new PublishedFigure("skip rate", PaperStage.SkipRate, new PaperFigure(0.3737), 0.02)],
            PaperPipelines.Published(PaperPipelines.MosaicConservative, PaperDatasets.Gpqa));
        Assert.All(
            [PaperPipelines.EarlyDecisionsOnly, PaperPipelines.OverlapOnly, PaperPipelines.Extended, PaperPipelines.ExtendedConservative],
            c => Assert.Empty(PaperPipelines.Published(c, PaperDatasets.Gpqa)));
    }

    [Fact]
    public void All_ListsTheSevenConfigurationsWithTheirSchedulersAndOptions()
    {
        Assert.Equal(7, PaperPipelines.All.Count);
        Assert.Equal("round-robin", PaperPipelines.Baseline.Scheduler);
        Assert.Null(PaperPipelines.Baseline.Options.Gate);
        Assert.All(PaperPipelines.All.Skip(1), c => Assert.Equal("mosaic", c.Scheduler));
        Assert.Equal((false, false), (PaperPipelines.MosaicAsPublished.Options.EarlyDecisions, PaperPipelines.MosaicAsPublished.Options.OverlapStages));
        Assert.Equal((true, false), (PaperPipelines.EarlyDecisionsOnly.Options.EarlyDecisions, PaperPipelines.EarlyDecisionsOnly.Options.OverlapStages));
        Assert.Equal((false, true), (PaperPipelines.OverlapOnly.Options.EarlyDecisions, PaperPipelines.OverlapOnly.Options.OverlapStages));
        Assert.Equal((true, true), (PaperPipelines.Extended.Options.EarlyDecisions, PaperPipelines.Extended.Options.OverlapStages));
        Assert.Equal(PaperPipelines.Extended.Options with { Gate = PaperPipelines.ExtendedConservative.Options.Gate }, PaperPipelines.ExtendedConservative.Options);
        Assert.NotEqual(PaperPipelines.MosaicAsPublished.Options.Gate, PaperPipelines.MosaicConservative.Options.Gate);
    }

    [Fact]
    public void Run_BaselineOnGpqa_RowsCarryTheSimulatedStagesBesideThePapersFigures()
    {
        var comparison = PaperPipelines.Run("paper:gpqa", [3], [PaperPipelines.Baseline])[0];

        var row = comparison.Row(PaperPipelines.Baseline);
        Assert.Equal(("paper:gpqa", 3), (comparison.Instance, comparison.Seed));
        Assert.Equal(["expert stage", "aggregator stage", "end to end"], row.Paper.Select(p => p.Figure));
        Assert.Equal(row.Result.ExpertStageSeconds, row.Paper[0].Model);
        Assert.Equal(row.Result.AggregatorStageSeconds, row.Paper[1].Model);
        Assert.Equal(row.Result.EndToEndSeconds, row.Paper[2].Model);
        Assert.Equal(row.Result.ExpertStageSeconds / 2348.4 - 1, row.Paper[0].Deviation, 12);
        Assert.Equal(198, row.Result.AggregatorCalls);
        Assert.True(comparison.DataParallelExpertSeconds > 0 && comparison.DataParallelExpertSeconds != row.Result.ExpertStageSeconds);
        Assert.Equal(1.0, comparison.Speedup(PaperPipelines.Baseline, PaperPipelines.Baseline));
        var error = Assert.Throws<ArgumentException>(() => comparison.Row(PaperPipelines.Extended));
        Assert.StartsWith("no row 'ILP + gate 2/3 + early decisions + overlap'", error.Message);
    }

    [Fact]
    public void Run_SkipRateFigure_DeviatesInAbsolutePoints()
    {
        var comparison = PaperPipelines.Run("paper:gpqa", [1], [PaperPipelines.MosaicConservative])[0];

        var row = comparison.Row(PaperPipelines.MosaicConservative);
        Assert.Equal(row.Result.SkipRate, Assert.Single(row.Paper).Model);
        Assert.Equal(row.Result.SkipRate - 0.3737, row.Paper[0].Deviation, 12);
    }
}
