using Mosaic.Grains.Devices.Sessions;

namespace Mosaic.Grains.Tests;

public sealed class RetiredJobsTests
{
    [Fact]
    public void Add_BeyondTheCapacity_ForgetsTheOldestFirst()
    {
        var retired = new RetiredJobs(2);

        retired.Add("a");
        retired.Add("b");
        Assert.True(retired.Contains("a"));
        retired.Add("c");

        Assert.False(retired.Contains("a"));
        Assert.True(retired.Contains("b"));
        Assert.True(retired.Contains("c"));
    }

    [Fact]
    public void Add_SameJobTwice_TakesOnePlace()
    {
        var retired = new RetiredJobs(2);

        retired.Add("a");
        retired.Add("a");
        retired.Add("b");

        Assert.True(retired.Contains("a"));
        Assert.True(retired.Contains("b"));
    }

    [Fact]
    public void Add_SameJobAgain_KeepsItsPlaceInTheOrder()
    {
        var retired = new RetiredJobs(2);

        retired.Add("a");
        retired.Add("b");
        retired.Add("a");
        retired.Add("c");

        Assert.False(retired.Contains("a"));
        Assert.True(retired.Contains("b"));
    }

    [Fact]
    public void Contains_JobNeverAdded_IsFalse()
    {
        Assert.False(new RetiredJobs(4).Contains("a"));
    }
}
