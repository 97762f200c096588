namespace Mosaic.Grains.Jobs;

/// <summary>Why a job starts a plan generation. Every generation after the first counts as a re-plan.</summary>
internal enum GenerationCause
{
    /// <summary>The first, right after submit, with the plan made then.</summary>
    Submit,

    /// <summary>This activation replaces one that died, or the aggregation grain lost its generation.</summary>
    Resume,

    /// <summary>Workers left, came back as another silo or joined, or a dispatch did not go through.</summary>
    Replan,
}
