using Microsoft.Extensions.Configuration;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Tests;

/// <summary>The standalone gateway's pool from configuration, its closed sets spelt as in a pool file or by member name.</summary>
public sealed class PoolOptionsBindingTests
{
    [Theory]
    [InlineData("vote", "round-robin", "mcq", GateRule.VoteFraction, SchedulerKind.RoundRobin, AnswerFormat.MultipleChoice)]
    [InlineData("beta", "data-parallel", "gsm8k", GateRule.Beta, SchedulerKind.DataParallel, AnswerFormat.Gsm8k)]
    [InlineData("VoteFraction", "RoundRobin", "MultipleChoice", GateRule.VoteFraction, SchedulerKind.RoundRobin, AnswerFormat.MultipleChoice)]
    [InlineData("off", "lpt", "number", GateRule.Off, SchedulerKind.Lpt, AnswerFormat.Number)]
    public void PoolFileNamesAndMemberNames_Bind(string rule, string scheduler, string format, GateRule expectedRule, SchedulerKind expectedScheduler, AnswerFormat expectedFormat)
    {
        var pool = Bind(("GateRule", rule), ("Scheduler", scheduler), ("AnswerFormat", format));

        Assert.Equal((expectedRule, expectedScheduler, expectedFormat), (pool.GateRule, pool.Scheduler, pool.AnswerFormat));
    }

    [Theory]
    [InlineData("once-per-expert", SameExpertPolicy.CountOncePerExpert)]
    [InlineData("Every-Slot", SameExpertPolicy.CountEverySlot)]
    [InlineData("CountOncePerExpert", SameExpertPolicy.CountOncePerExpert)]
    public void SameExpert_BindsByEitherName(string name, SameExpertPolicy expected)
    {
        Assert.Equal(expected, Bind(("SameExpert", name)).SameExpert);
    }

    [Fact]
    public void AnUnknownName_IsAnErrorNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(("Scheduler", "fastest")));

        Assert.Contains("'fastest'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mosaic:Pool:Scheduler", error.Message, StringComparison.Ordinal);
    }

    private static PoolOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{PoolOptions.SectionName}:{s.Key}", (string?)s.Value)))
            .Build();
        var pool = new PoolOptions();
        configuration.GetSection(PoolOptions.SectionName).Bind(pool);
        return pool;
    }
}
