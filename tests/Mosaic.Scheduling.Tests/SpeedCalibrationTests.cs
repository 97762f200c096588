using Mosaic.Scheduling.Profiling;

namespace Mosaic.Scheduling.Tests;

public sealed class SpeedCalibrationTests
{
    private static readonly IReadOnlyDictionary<string, ExpertProfile> Profiles = new Dictionary<string, ExpertProfile>
    {
        ["think"] = new("think", ExpertKind.Reasoning, 2, 100, 300, new SessionTimeRegression(0.5, 0.01, 0.001, 0.002), 0.004),
        ["quick"] = ExpertProfile.Linear("quick", ExpertKind.Instruct, 1, 0.01, 20),
        ["free"] = ExpertProfile.Linear("free", ExpertKind.Instruct, 1, 0, 20),
    };

    private static readonly string[] Pool = ["think", "quick", "free"];

    private static SessionTiming Session(string expert, int calls, double speed, string worker = "gpu0") =>
        new(expert, calls, Profiles[expert].PredictedSessionSeconds(calls) * speed, worker);

    [Fact]
    public void Add_PoolsEverySessionIntoTheLevel_AndGivesItToExpertsNotYetSeen()
    {
        var calibration = new SpeedCalibration();

        calibration.Add(Profiles, [Session("think", 64, 0.8), Session("think", 40, 0.8), Session("quick", 100, 0.8, "gpu1")]);

        Assert.Equal(0.8, calibration.Level!.Value, 9);
        var factors = calibration.FactorsFor(Pool);
        Assert.All(Pool, e => Assert.Equal(0.8, factors[e], 9));
    }

    [Fact]
    public void Add_GivesEachExpertItsSpeedRelativeToTheLevel()
    {
        var calibration = new SpeedCalibration();
        var think = Session("think", 100, 1.2);
        var quick = Session("quick", 100, 0.6, "gpu1");

        calibration.Add(Profiles, [think, quick]);

        var level = (think.Seconds + quick.Seconds) / (Profiles["think"].PredictedSessionSeconds(100) + Profiles["quick"].PredictedSessionSeconds(100));
        Assert.Equal(level, calibration.Level!.Value, 9);
        Assert.Equal(1.2 / level, calibration.Shapes["think"], 9);
        var factors = calibration.FactorsFor(Pool);
        Assert.Equal(1.2, factors["think"], 9);
        Assert.Equal(0.6, factors["quick"], 9);
        Assert.Equal(level, factors["free"], 9);
    }

    [Fact]
    public void Add_WeighsTheNewestJobHeavilyInTheLevel_AndAMachineThatSlowsForAllKeepsTheShapes()
    {
        var calibration = new SpeedCalibration();
        calibration.Add(Profiles, [Session("think", 100, 1.0), Session("quick", 100, 0.5)]);
        var (level, think, quick) = (calibration.Level!.Value, calibration.Shapes["think"], calibration.Shapes["quick"]);

        calibration.Add(Profiles, [Session("think", 100, 2.0), Session("quick", 100, 1.0)]); // every expert at half speed

        Assert.Equal(((1 - SpeedCalibration.LevelWeight) * level) + (SpeedCalibration.LevelWeight * 2 * level), calibration.Level!.Value, 9);
        Assert.Equal((think, quick), (calibration.Shapes["think"], calibration.Shapes["quick"]), new ToleranceComparer());
    }

    [Fact]
    public void Add_MovesAShapeByItsWeight()
    {
        var calibration = new SpeedCalibration();
        calibration.Add(Profiles, [Session("think", 100, 1.0), Session("quick", 100, 1.0)]);

        calibration.Add(Profiles, [Session("think", 100, 1.0), Session("quick", 100, 1.0), Session("quick", 100, 1.0)]);
        calibration.Add(Profiles, [Session("quick", 100, 2.0)]); // quick alone: its own level, its shape stays 1
        Assert.Equal(1.0, calibration.Shapes["quick"], 9);

        var before = calibration.Level!.Value;
        calibration.Add(Profiles, [Session("think", 100, before), Session("quick", 100, 3 * before)]);

        var thinkSeconds = Profiles["think"].PredictedSessionSeconds(100);
        var quickSeconds = Profiles["quick"].PredictedSessionSeconds(100);
        var seen = before * (thinkSeconds + (3 * quickSeconds)) / (thinkSeconds + quickSeconds);
        Assert.Equal(((1 - SpeedCalibration.ShapeWeight) * 1.0) + (SpeedCalibration.ShapeWeight * 3 * before / seen), calibration.Shapes["quick"], 9);
    }

    private sealed class ToleranceComparer : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) < 1e-9 && Math.Abs(x.Item2 - y.Item2) < 1e-9;

        public int GetHashCode((double, double) obj) => 0;
    }

    [Fact]
    public void Add_SkipsSmallSessionsUnknownExpertsAndImplausibleTimes()
    {
        var calibration = new SpeedCalibration();

        calibration.Add(Profiles, [
            new("think", SpeedCalibration.MinCalls - 1, 10, "gpu0"), new("nobody", 64, 1, "gpu0"), new("quick", 100, 1000, "gpu0"), new("free", 100, 1, "gpu1")]);

        Assert.Null(calibration.Level);
        Assert.Empty(calibration.FactorsFor(Pool));
        Assert.Equal(0, calibration.Spread);
    }

    [Fact]
    public void Spread_IsHowFarWorkersStrayFromTheirJobsLevel_AndOneWorkerSaysNothing()
    {
        var calibration = new SpeedCalibration();
        calibration.Add(Profiles, [Session("think", 100, 1.0), Session("think", 100, 1.0, "gpu1")]);
        Assert.Equal(0, calibration.Spread, 9);

        calibration.Add(Profiles, [Session("quick", 100, 3.0)]);
        Assert.Equal(0, calibration.Spread, 9);

        calibration.Add(Profiles, [Session("think", 100, 1.1), Session("think", 100, 0.9, "gpu1")]);
        var slow = Math.Log(1.1 / 1.0);
        var fast = Math.Log(0.9 / 1.0);
        Assert.Equal(Math.Sqrt(((slow * slow) + (fast * fast)) / 4), calibration.Spread, 9);
    }

    [Fact]
    public void Spread_ForgetsAllButTheNewestDeviations()
    {
        var calibration = new SpeedCalibration();
        calibration.Add(Profiles, [Session("think", 100, 2.0), Session("think", 100, 0.5, "gpu1")]);
        for (var job = 0; job < SpeedCalibration.SpreadSamples / 2; job++)
        {
            calibration.Add(Profiles, [Session("think", 100, 1.0), Session("think", 100, 1.0, "gpu1")]);
        }

        Assert.Equal(0, calibration.Spread, 9);
    }

    [Fact]
    public void Apply_ScalesGenerationAndKeepsLoads()
    {
        var calibrated = SpeedCalibration.Apply(Profiles, new Dictionary<string, double> { ["think"] = 0.5 });

        Assert.Equal(Profiles["think"].PredictedSessionSeconds(100) * 0.5, calibrated["think"].PredictedSessionSeconds(100), 9);
        Assert.Equal(Profiles["think"].LongestSinglePromptSeconds * 0.5, calibrated["think"].LongestSinglePromptSeconds, 9);
        Assert.Equal(Profiles["think"].LoadSeconds, calibrated["think"].LoadSeconds);
        Assert.Same(Profiles["quick"], calibrated["quick"]);
        Assert.Same(Profiles, SpeedCalibration.Apply(Profiles, new Dictionary<string, double>()));
    }
}
