namespace Mosaic.Routing.Tests;

public sealed class SkillProfileTests
{
    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void FromAccuracy_OutsideZeroToOne_IsRejectedNamingExpertAndSkill(double accuracy)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SkillProfile.FromAccuracy(Table(("a", "add", 0.5), ("b", "max", accuracy))));

        Assert.Contains("accuracy of 'b' on 'max' must lie in [0, 1]", error.Message);
    }

    [Fact]
    public void FromAccuracy_BoundsZeroAndOne_AreAccepted()
    {
        var profile = SkillProfile.FromAccuracy(Table(("a", "add", 0.0), ("a", "max", 1.0)));

        Assert.Equal(-1.0, profile.Score("a", "add"), 9);
        Assert.Equal(1.0, profile.Score("a", "max"), 9);
    }

    [Fact]
    public void FromAccuracy_NoExperts_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => SkillProfile.FromAccuracy(new Dictionary<string, IReadOnlyDictionary<string, double>>()));

        Assert.Contains("a skill profile needs at least one expert", error.Message);
    }

    [Fact]
    public void FromAccuracy_Skills_KeepFirstSeenOrderWithoutRepeats()
    {
        var profile = SkillProfile.FromAccuracy(Table(("a", "max", 0.5), ("a", "add", 0.5), ("b", "add", 0.5), ("b", "count", 0.5)));

        Assert.Equal(["max", "add", "count"], profile.Skills);
        Assert.Equal(["a", "b"], profile.Experts);
    }

    [Fact]
    public void FromResults_Skills_KeepFirstSeenOrderWithoutRepeats()
    {
        var profile = SkillProfile.FromResults([new("a", "max", true), new("b", "add", false), new("a", "add", true), new("b", "max", true)]);

        Assert.Equal(["max", "add"], profile.Skills);
        Assert.Equal(1.0, profile.Accuracy("b", "max"));
        Assert.Equal(0.0, profile.Accuracy("b", "add"));
    }

    [Fact]
    public void FromResults_Skills_KeepFirstSeenOrderAcrossExperts()
    {
        var profile = SkillProfile.FromResults([new("a", "max", true), new("b", "add", false), new("a", "count", true)]);

        Assert.Equal(["max", "add", "count"], profile.Skills);
    }

    [Fact]
    public void Score_ExpertWithoutAnyCalibration_IsNeutral()
    {
        var profile = SkillProfile.FromAccuracy(new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            ["new"] = new Dictionary<string, double>(),
            ["known"] = new Dictionary<string, double> { ["add"] = 1.0 },
        });

        Assert.Equal(0.0, profile.Score("new", "add"), 9);
        Assert.Equal(1.0, profile.Score("known", "max"), 9);
        Assert.Null(profile.Accuracy("new", "add"));
        Assert.Null(profile.Accuracy("nobody", "add"));
    }

    [Fact]
    public void Factories_NullArgument_ThrowArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => SkillProfile.FromResults(null!));
        Assert.Throws<ArgumentNullException>(() => SkillProfile.FromAccuracy(null!));
    }

    [Fact]
    public void Score_UnknownExpert_IsRejectedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => SkillProfile.FromAccuracy(Table(("a", "add", 0.5))).Score("nobody", "add"));

        Assert.Contains("unknown expert 'nobody'", error.Message);
    }

    private static Dictionary<string, IReadOnlyDictionary<string, double>> Table(params (string Expert, string Skill, double Accuracy)[] rows) =>
        rows.GroupBy(r => r.Expert).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, double>)g.ToDictionary(r => r.Skill, r => r.Accuracy));
}
