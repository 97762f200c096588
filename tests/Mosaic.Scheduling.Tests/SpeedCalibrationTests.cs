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

    [Fact]
    public void Observe_GivesEachExpertItsSessionsSecondsOverTheirProfiledSeconds()
    {
        var think = Profiles["think"];
        var sessions = new SessionTiming[] { new("think", 64, think.PredictedSessionSeconds(64) * 0.8), new("think", 40, think.PredictedSessionSeconds(40) * 0.8), new("quick", 100, 1.5) };

        var observed = SpeedCalibration.Observe(Profiles, sessions);

        Assert.Equal(0.8, observed["think"], 9);
        Assert.Equal(1.5, observed["quick"], 9);
    }

    [Fact]
    public void Observe_SkipsSmallSessionsUnknownExpertsAndImplausibleRatios()
    {
        var sessions = new SessionTiming[] { new("think", SpeedCalibration.MinCalls - 1, 10), new("nobody", 64, 1), new("quick", 100, 1000), new("free", 100, 1) };

        Assert.Empty(SpeedCalibration.Observe(Profiles, sessions));
    }

    [Fact]
    public void Add_TakesTheFirstObservationAsItIsThenAveragesWithWeightOneHalf()
    {
        var calibration = new SpeedCalibration();

        calibration.Add(new Dictionary<string, double> { ["think"] = 0.8 });
        Assert.Equal(0.8, calibration.Factors["think"], 9);
        calibration.Add(new Dictionary<string, double> { ["think"] = 1.2, ["quick"] = 2 });

        Assert.Equal(1.0, calibration.Factors["think"], 9);
        Assert.Equal(2.0, calibration.Factors["quick"], 9);
        calibration.Add(new Dictionary<string, double> { ["think"] = double.NaN, ["quick"] = 100 });
        Assert.Equal((1.0, 2.0), (calibration.Factors["think"], calibration.Factors["quick"]));
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
