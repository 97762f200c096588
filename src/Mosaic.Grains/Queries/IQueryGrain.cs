using Mosaic.Abstractions.Results;

namespace Mosaic.Grains.Queries;

/// <summary>One question of a job, keyed <c>jobId/questionId</c>: fan out, gather, gate, aggregate.</summary>
[Alias("mosaic.query")]
internal interface IQueryGrain : IGrainWithStringKey
{
    /// <summary>Answers the question; a second call while running joins the first. Lasts as long as the job may.</summary>
    [Alias("run")]
    [ResponseTimeout("1.00:00:00")]
    Task<QuestionResult> RunAsync(QueryWork work, CancellationToken cancellationToken = default);
}
