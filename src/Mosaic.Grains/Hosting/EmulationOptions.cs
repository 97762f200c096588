using Mosaic.Scheduling;
using Mosaic.Scheduling.Emulation;

namespace Mosaic.Grains.Hosting;

/// <summary>
/// The emulated backend's calibration (section <c>Mosaic:Emulation</c>): which profile of the calibrated emulation
/// model draws every call's length, cost and answer, and the seed of those draws.
/// </summary>
public sealed class EmulationOptions
{
    /// <summary>
    /// A paper calibration (<c>paper:mmlu-pro</c>, <c>paper:medmcqa</c>, <c>paper:gpqa</c>), or empty to emulate the
    /// configured pool: each model's own configured costs with MMLU-Pro's workload statistics
    /// (<see cref="PaperCalibration.ForPool"/>).
    /// </summary>
    public string? Profile { get; set; }

    /// <summary>Seed of the model's draws; with a paper profile, use the seed the workload was dealt with.</summary>
    public int Seed { get; set; }

    /// <summary>The paper calibration named by <see cref="Profile"/>, or null for the configured pool.</summary>
    internal EmulationProfile? Calibration() => string.IsNullOrWhiteSpace(Profile) ? null : PaperCalibration.For(Profile);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Profile))
        {
            return;
        }

        try
        {
            PaperCalibration.For(Profile);
        }
        catch (InvalidInstanceException)
        {
            throw new ArgumentException(
                $"Mosaic:Emulation:Profile '{Profile}' is unknown (known: {string.Join(", ", PaperCalibration.Instances)}; leave it empty to emulate the configured pool)");
        }
    }
}
