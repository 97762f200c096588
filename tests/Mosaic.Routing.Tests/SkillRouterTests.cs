namespace Mosaic.Routing.Tests;

public sealed class SkillRouterTests
{
    private static SkillProfile Profile() => SkillProfile.FromAccuracy(new Dictionary<string, IReadOnlyDictionary<string, double>>
    {
        ["strong"] = new Dictionary<string, double> { ["add"] = 1.0, ["max"] = 0.0 },
        ["medium"] = new Dictionary<string, double> { ["add"] = 0.5, ["max"] = 0.5 },
        ["weak"] = new Dictionary<string, double> { ["add"] = 0.0, ["max"] = 1.0 },
    });

    [Fact]
    public void Profile_FromResults_CountsPlusOneMinusOneScores()
    {
        var profile = SkillProfile.FromResults(
        [
            new("a", "add", true), new("a", "add", true), new("a", "add", false), new("a", "add", true),
            new("b", "add", false),
        ]);

        Assert.Equal(0.75, profile.Accuracy("a", "add"));
        Assert.Equal(0.5, profile.Score("a", "add"), 9);
        Assert.Equal(-1.0, profile.Score("b", "add"), 9);
        Assert.Null(profile.Accuracy("b", "max"));
        Assert.Equal(["a", "b"], profile.Experts);
    }

    [Fact]
    public void Probabilities_FollowSoftmaxOfScoreOverTemperature()
    {
        var router = new SkillRouter(Profile(), new RouterOptions { Temperature = 0.5 });
        var p = router.Probabilities("add");

        // Scores 1, 0, −1 at T = 0.5 → weights e², 1, e⁻².
        var total = Math.Exp(2) + 1 + Math.Exp(-2);
        Assert.Equal(Math.Exp(2) / total, p["strong"], 9);
        Assert.Equal(1 / total, p["medium"], 9);
        Assert.Equal(Math.Exp(-2) / total, p["weak"], 9);
    }

    [Fact]
    public void Choose_IsDeterministicPerSeedAndQuestion()
    {
        var a = new SkillRouter(Profile(), new RouterOptions { Seed = 7 });
        var b = new SkillRouter(Profile(), new RouterOptions { Seed = 7 });
        var c = new SkillRouter(Profile(), new RouterOptions { Seed = 8 });
        var ids = Enumerable.Range(0, 50).Select(i => $"q{i}").ToList();

        Assert.Equal(ids.Select(id => a.Choose(id, "add")), ids.Select(id => b.Choose(id, "add")));
        Assert.NotEqual(ids.Select(id => string.Join(",", a.Choose(id, "add"))), ids.Select(id => string.Join(",", c.Choose(id, "add"))));
        Assert.All(ids, id => Assert.Equal(3, a.Choose(id, "add").Count));
    }

    [Fact]
    public void Choose_SampleFrequenciesMatchProbabilities()
    {
        var router = new SkillRouter(Profile(), new RouterOptions { Temperature = 1.0, Seed = 3 });
        var counts = new Dictionary<string, int>();
        const int Questions = 4000;
        for (var i = 0; i < Questions; i++)
        {
            foreach (var expert in router.Choose($"q{i}", "max"))
            {
                counts[expert] = counts.GetValueOrDefault(expert) + 1;
            }
        }

        foreach (var (expert, p) in router.Probabilities("max"))
        {
            Assert.InRange(counts.GetValueOrDefault(expert) / (3.0 * Questions), p - 0.02, p + 0.02);
        }
    }

    [Fact]
    public void Choose_WithoutReplacement_NeverRepeatsAnExpert()
    {
        var router = new SkillRouter(Profile(), new RouterOptions { WithReplacement = false, Temperature = 0.1 });
        for (var i = 0; i < 200; i++)
        {
            var chosen = router.Choose($"q{i}", "add");
            Assert.Equal(3, chosen.Distinct().Count());
        }
    }

    [Fact]
    public void Choose_WithReplacement_LetsAStrongExpertFillSeveralSlots()
    {
        var router = new SkillRouter(Profile(), new RouterOptions { Temperature = 0.1 });
        Assert.Contains(Enumerable.Range(0, 50), i => router.Choose($"q{i}", "add").Count(e => e == "strong") > 1);
    }

    [Fact]
    public void Options_RejectImpossibleSettings()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SkillRouter(Profile(), new RouterOptions { K = 4, WithReplacement = false }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SkillRouter(Profile(), new RouterOptions { Temperature = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SkillRouter(Profile(), new RouterOptions { K = 0 }));
    }

    [Fact]
    public void Score_UnknownSkill_FallsBackToGlobalStrength()
    {
        var profile = Profile();
        Assert.Equal(0.0, profile.Score("strong", "count"), 9);
        Assert.Throws<ArgumentException>(() => profile.Score("nobody", "add"));
    }

    [Theory]
    [InlineData("", -2128831035)]
    [InlineData("a", -468965076)]
    [InlineData("foobar", -1080231576)]
    public void StableHash_IsThe32BitFnv1aValue(string text, int expected)
    {
        Assert.Equal(expected, SkillRouter.StableHash(text));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Options_BadTemperature_IsRejected(double temperature)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SkillRouter(Profile(), new RouterOptions { Temperature = temperature }));

        Assert.Contains("the temperature must be a positive finite number", error.Message);
    }

    [Fact]
    public void Options_BadSlotCounts_AreRejectedSayingWhy()
    {
        Assert.Contains("at least one expert per question", Assert.Throws<ArgumentOutOfRangeException>(() => new SkillRouter(Profile(), new RouterOptions { K = 0 })).Message);
        Assert.Contains("cannot pick 4 distinct experts from 3 without replacement", Assert.Throws<ArgumentOutOfRangeException>(() => new SkillRouter(Profile(), new RouterOptions { K = 4, WithReplacement = false })).Message);
        Assert.Single(new SkillRouter(Profile(), new RouterOptions { K = 1 }).Choose("q", "add"));
    }

    [Fact]
    public void Probabilities_TinyTemperature_StayFiniteAndPickTheBestExpert()
    {
        // Scores / 0.001 span ±1000: the softmax must subtract the largest score, or exp overflows to NaN.
        var p = new SkillRouter(Profile(), new RouterOptions { Temperature = 0.001 }).Probabilities("add");

        Assert.Equal(1.0, p["strong"], 9);
        Assert.Equal(0.0, p["medium"], 9);
        Assert.Equal(0.0, p["weak"], 9);
    }

    [Fact]
    public void Options_MoreSlotsThanExperts_AllowedOnlyWithReplacement()
    {
        var router = new SkillRouter(Profile(), new RouterOptions { K = 5 });

        Assert.Equal(5, router.Choose("q", "add").Count);
        Assert.Equal(3, new SkillRouter(Profile(), new RouterOptions { K = 3, WithReplacement = false }).Choose("q", "add").Distinct().Count());
    }

    [Fact]
    public void Choose_WithoutReplacement_DrawsTheStrongExpertFirstMostOften()
    {
        // Without replacement a drawn expert's weight goes to zero, so the first slot carries the softmax preference
        // and the last slot is whoever is left: the strong expert leads far more often than it comes last.
        var router = new SkillRouter(Profile(), new RouterOptions { K = 3, WithReplacement = false, Seed = 3 });
        var draws = Enumerable.Range(0, 400).Select(i => router.Choose($"q{i}", "add")).ToList();

        Assert.True(draws.Count(d => d[0] == "strong") > 3 * draws.Count(d => d[2] == "strong"));
        Assert.All(draws, d => Assert.Equal(["medium", "strong", "weak"], d.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Choose_SeedEnters_NotOnlyTheQuestionId()
    {
        // Seeds 1 and 2 differ, and so must their choices over many questions (seed 0 would hide a seed multiplied away).
        var one = new SkillRouter(Profile(), new RouterOptions { Seed = 1, Temperature = 5 });
        var two = new SkillRouter(Profile(), new RouterOptions { Seed = 2, Temperature = 5 });
        var ids = Enumerable.Range(0, 30).Select(i => $"q{i}").ToList();

        Assert.NotEqual(ids.Select(id => string.Join(",", one.Choose(id, "add"))), ids.Select(id => string.Join(",", two.Choose(id, "add"))));
    }

    [Fact]
    public void Router_NullArguments_ThrowArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new SkillRouter(null!));
        var router = new SkillRouter(Profile());
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => router.Choose(null!, "add")).ParamName);
        Assert.Equal("skill", Assert.Throws<ArgumentNullException>(() => router.Choose("q", null!)).ParamName);
        Assert.Same(RouterOptions.Default, router.Options);
    }
}
