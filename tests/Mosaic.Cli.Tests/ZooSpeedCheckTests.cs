using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Hosting;
using Mosaic.Scheduling.Profiling;
using Mosaic.Zoo;

namespace Mosaic.Cli.Tests;

/// <summary>
/// The demo's speed check: real engines of the shipped zoo, timed against the profiles the planner prices from, so a
/// run's realized-over-predicted can be read against how fast the machine was running just then.
/// </summary>
public sealed class ZooSpeedCheckTests
{
    [Fact]
    public void SpeedCheck_TimesTheHeaviestReasoningExperts_AgainstTheirProfiles()
    {
        var zoo = ZooCommandTests.CopyOfTheZoo();
        try
        {
            var predicted = ZooCatalog.Experts
                .Where(e => e.Kind == ExpertKind.Reasoning)
                .Select(e => (e.Name, Seconds: Profile(zoo, e.Name).PredictedSessionSeconds(ZooSpeedCheck.SessionCalls)))
                .OrderByDescending(e => e.Seconds)
                .Take(2)
                .ToArray();

            var check = ZooSpeedCheck.Load(zoo);
            Assert.Equal(predicted.Select(p => p.Name), check.Experts);
            var measurement = check.Measure();

            Assert.Equal(predicted.Select(p => p.Name), measurement.Probes.Select(p => p.Expert));
            Assert.All(measurement.Probes, p => Assert.Equal(ZooSpeedCheck.SessionCalls, p.Calls));
            Assert.Equal(predicted.Select(p => p.Seconds), measurement.Probes.Select(p => p.PredictedSeconds));
            Assert.All(measurement.Probes, p => Assert.True(p.MeasuredSeconds > 0, $"{p.Expert}: {p.MeasuredSeconds} s"));
            Assert.Equal(measurement.Probes.Sum(p => p.MeasuredSeconds) / predicted.Sum(p => p.Seconds), measurement.Factor, 12);

            // Profiles that promise ten times the speed (every reasoning expert's, so the same two are probed) predict a tenth of the time.
            foreach (var name in ZooCatalog.Experts.Where(e => e.Kind == ExpertKind.Reasoning).Select(e => e.Name))
            {
                var profile = JsonNode.Parse(File.ReadAllText(ZooPool.ProfilePath(zoo, name)))!;
                var sessionTime = profile["session_time"]!.AsObject();
                foreach (var coefficient in sessionTime.Select(p => p.Key).ToArray())
                {
                    sessionTime[coefficient] = sessionTime[coefficient]!.GetValue<double>() / 10;
                }

                File.WriteAllText(ZooPool.ProfilePath(zoo, name), profile.ToJsonString());
            }

            var faster = ZooSpeedCheck.Load(zoo).Measure();
            Assert.Equal(predicted.Select(p => p.Seconds / 10), faster.Probes.Select(p => p.PredictedSeconds), new ToleranceComparer(1e-12));
        }
        finally
        {
            Directory.Delete(zoo, recursive: true);
        }
    }

    [Fact]
    public void SpeedCheck_WithoutAReasoningExpertsProfile_NamesTheMissingFile()
    {
        var zoo = ZooCommandTests.CopyOfTheZoo();
        try
        {
            var expert = ZooCatalog.Experts.First(e => e.Kind == ExpertKind.Reasoning).Name;
            File.Delete(ZooPool.ProfilePath(zoo, expert));

            Assert.False(ZooSpeedCheck.CanCheck(zoo));
            var error = Assert.Throws<ZooException>(() => ZooSpeedCheck.Load(zoo));
            Assert.Contains(ZooPool.ProfilePath(zoo, expert), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(zoo, recursive: true);
        }
    }

    private static ExpertProfile Profile(string zoo, string expert) => JsonSerializer.Deserialize<ExpertProfile>(File.ReadAllText(ZooPool.ProfilePath(zoo, expert)))!;

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double value) => 0;
    }
}
