namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>A fact that is reported as skipped, with the reason, when the shared eval data is not next to the repository.</summary>
public sealed class EvalDataFactAttribute : FactAttribute
{
    public EvalDataFactAttribute()
    {
        if (EvalData.Directory is null)
        {
            Skip = "../shared/eval/extract not found next to the repository: real-output agreement not measured";
        }
    }
}
