using Mosaic.Cli.Demo;
using Mosaic.Hosting;
using Mosaic.Routing;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;

namespace Mosaic.Cli.Tests;

public sealed class DemoWarmUpTests
{
    private static RoutedQuestion Q(string id, params string[] experts) => new(id, "q", "skill", "1", experts);

    [Fact]
    public void Questions_TakesTheMinimumThenOnlyWhatAnExpertStillLacks()
    {
        var candidates = new[] { Q("1", "a", "a"), Q("2", "a", "b"), Q("3", "a", "a"), Q("4", "c", "a"), Q("5", "b", "c"), Q("6", "c") };

        var chosen = DemoWarmUp.Questions(candidates, minimum: 2, experts: ["a", "b", "c"], workers: 2);

        // After 1 and 2: a 3, b 1, c 0. 3 adds nothing missing; 4 adds c; 5 completes b and c; 6 is not needed.
        Assert.Equal(["1", "2", "4", "5"], chosen.Select(q => q.Id));
    }

    [Fact]
    public void Questions_StopsWhenTheCandidatesRunOut()
    {
        var chosen = DemoWarmUp.Questions([Q("1", "a"), Q("2", "b")], minimum: 1, experts: ["a", "b", "c"], workers: 2);

        Assert.Equal(["1", "2"], chosen.Select(q => q.Id));
    }

    [Fact]
    public void Questions_OfTheShippedZoo_GiveEveryExpertACallOnEachWorker()
    {
        var zoo = ZooPaths.DefaultDirectory(AppContext.BaseDirectory);
        var candidates = ZooWorkload.Route(ZooManifest.Load(zoo), ZooDataset.Default.Calibration, ZooWorkload.DefaultRouter);

        foreach (var workers in new[] { 2, 4 })
        {
            var chosen = DemoWarmUp.Questions(candidates, minimum: 12, ZooPool.Experts, workers);

            Assert.All(ZooPool.Experts, e => Assert.True(chosen.Sum(q => q.Experts.Count(x => x == e)) >= workers, $"{e} on {workers} workers"));
        }
    }
}
