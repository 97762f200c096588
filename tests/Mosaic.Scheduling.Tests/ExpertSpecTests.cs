namespace Mosaic.Scheduling.Tests;

public sealed class ExpertSpecTests
{
    private static readonly ExpertSpec Uniform = new("x", ExpertKind.Instruct, 10, 0.5, 4);

    private static readonly ExpertSpec Costed = Uniform with { PromptCosts = [1, 3, 2, 6] };

    [Fact]
    public void TotalWork_WithoutPromptCosts_IsPerPromptTimesPrompts() => Assert.Equal(2.0, Uniform.TotalWorkSeconds);

    [Fact]
    public void TotalWork_WithPromptCosts_IsTheirSum() => Assert.Equal(12.0, Costed.TotalWorkSeconds);

    [Fact]
    public void MeanPromptCost_WithPromptCosts_IsTheirMean_OtherwisePerPrompt()
    {
        Assert.Equal(3.0, Costed.MeanPromptCost);
        Assert.Equal(0.5, Uniform.MeanPromptCost);
        Assert.Equal(0.5, (Uniform with { Prompts = 0, PromptCosts = [] }).MeanPromptCost);
    }

    [Fact]
    public void PromptCost_IsThePromptsOwnCost_OtherwisePerPrompt()
    {
        Assert.Equal(3.0, Costed.PromptCost(1));
        Assert.Equal(6.0, Costed.PromptCost(3));
        Assert.Equal(0.5, Uniform.PromptCost(3));
    }

    [Fact]
    public void LongestPromptCost_IsTheLargestOfTheHintAndTheCosts()
    {
        Assert.Equal(6.0, Costed.LongestPromptCost);
        Assert.Equal(0.5, Uniform.LongestPromptCost);
        Assert.Equal(7.5, (Uniform with { LongestPromptSeconds = 7.5 }).LongestPromptCost);
        Assert.Equal(6.0, (Costed with { LongestPromptSeconds = 2 }).LongestPromptCost);
        Assert.Equal(0.5, (Uniform with { Prompts = 0, PromptCosts = [] }).LongestPromptCost);
    }
}
