using Xunit.Sdk;

namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>
/// A fact over the shared eval data (<c>../shared/eval/extract</c> next to the repository). Without it the test is
/// skipped with the reason, except under <c>CI=true</c>, where <see cref="EvalDataFactDiscoverer"/> makes it fail: CI
/// has <c>shared/</c> beside the clone, so a missing folder there is a broken run, not a reason to skip.
/// </summary>
[XunitTestCaseDiscoverer("Mosaic.Aggregation.Tests.Extraction." + nameof(EvalDataFactDiscoverer), "Mosaic.Aggregation.Tests")]
public sealed class EvalDataFactAttribute : FactAttribute
{
    public const string MissingMessage = "../shared/eval/extract not found next to the repository: real-output agreement not measured";

    public EvalDataFactAttribute()
    {
        if (EvalData.Directory is null && !CiMode.IsOn(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = MissingMessage;
        }
    }

    /// <summary>The failure reported instead of a skip when <c>CI=true</c>; <see langword="null"/> when the test can
    /// run or may be skipped.</summary>
    public static string? CiFailure(string? directory, string? ci) =>
        directory is null && CiMode.IsOn(ci) ? $"CI=true but {MissingMessage}" : null;
}
