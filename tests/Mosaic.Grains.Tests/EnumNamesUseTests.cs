using System.Text.Json.Serialization;
using System.Text.Json;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Aggregation;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling;

namespace Mosaic.Grains.Tests;

/// <summary>The closed sets users write in pool files and read in reports and the gateway's JSON, each spelt one way.</summary>
public sealed class EnumNamesUseTests
{
    // as the gateway serializes enums: snake_case, except where a member names itself
    private static readonly JsonSerializerOptions Gateway = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) } };

    [Fact]
    public void EveryMemberHasOneName_AndTheGatewaysJsonSpellsItTheSameWay()
    {
        AssertNamed<SchedulerKind>(["mosaic", "round-robin", "data-parallel", "lpt"]);
        AssertNamed<GateRule>(["vote", "beta", "off"]);
        AssertNamed<AnswerFormat>(["auto", "mcq", "boxed", "gsm8k", "number"]);
        AssertNamed<BackendKind>(["emulated", "torchsharp"]);
        AssertNamed<Scheduling.ExpertKind>(["instruct", "reasoning"]);
    }

    [Fact]
    public void SchedulerNames_AreThePlannersCatalog()
    {
        Assert.Equal(SchedulerCatalog.Names, EnumNames<SchedulerKind>.All);
        Assert.All(EnumNames<SchedulerKind>.All, name => Assert.Single(SchedulerCatalog.Resolve(name, new Scheduling.Planning.IlpOptions())));
    }

    private static void AssertNamed<TEnum>(string[] expected)
        where TEnum : struct, Enum
    {
        Assert.Equal(expected, EnumNames<TEnum>.All);
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var name = EnumNames<TEnum>.NameOf(value);
            Assert.True(EnumNames<TEnum>.TryParse(name, out var parsed));
            Assert.Equal(value, parsed);
            Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(value, Gateway));
            Assert.Equal(value, JsonSerializer.Deserialize<TEnum>($"\"{name}\"", Gateway));
        }
    }
}
