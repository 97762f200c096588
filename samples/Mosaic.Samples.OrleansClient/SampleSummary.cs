using Mosaic.Abstractions.Results;

namespace Mosaic.Samples.OrleansClient;

/// <summary>What the sample saw: the job, how many progress events and result pages it read, every answered question in order, the final report.</summary>
public sealed record SampleSummary(string JobId, int Questions, int Answered, int ProgressEvents, int Pages, IReadOnlyList<QuestionResult> Results, JobReport Report);
