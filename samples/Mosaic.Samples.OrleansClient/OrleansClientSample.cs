using System.Globalization;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Client;

namespace Mosaic.Samples.OrleansClient;

/// <summary>
/// The whole client story against a running cluster: ask what it serves, submit a job of arithmetic questions, watch its
/// progress as it streams, then read the results page by page.
/// </summary>
public static class OrleansClientSample
{
    public static async Task<SampleSummary> RunAsync(IMosaicClient mosaic, SampleOptions options, TextWriter output, CancellationToken ct = default)
    {
        var cluster = await mosaic.GetClusterStatusAsync();
        output.WriteLine($"cluster: {cluster.Workers.Count} workers ({string.Join(", ", cluster.Workers)}), models {string.Join(", ", cluster.Models)}");
        var experts = options.Experts ?? cluster.Models.Where(m => m != options.Aggregator).ToArray();

        // Each question goes to up to three experts; the gate decides whether the aggregator is needed.
        var random = new Random(7);
        var questions = Enumerable.Range(0, options.Questions).Select(i =>
        {
            var (a, b) = (random.Next(10, 100), random.Next(10, 100));
            var routed = Enumerable.Range(0, Math.Min(3, experts.Count)).Select(s => experts[(i + s) % experts.Count]).ToArray();
            return new QuestionSpec($"q{i:000}", $"What is {a} + {b}?", routed, "add", (a + b).ToString(CultureInfo.InvariantCulture));
        }).ToArray();
        var spec = new JobSpec(questions, experts.ToArray(), options.Aggregator, options.Aggregator is null ? GateSpec.Off : new GateSpec(), AnswerFormat: AnswerFormat.Number);
        var jobId = await mosaic.SubmitAsync(spec);
        output.WriteLine($"submitted job {jobId}: {questions.Length} questions over {experts.Count} experts");

        var events = 0;
        await foreach (var progress in mosaic.WatchAsync(jobId, ct))
        {
            events++;
            output.WriteLine($"  {progress.Status.ToString().ToLowerInvariant()}: {progress.QuestionsAnswered}/{progress.QuestionsTotal} decided, {progress.AggregatorCalls} aggregator calls");
        }

        var results = new List<QuestionResult>();
        var pages = 0;
        for (int? from = 0; from is { } next;)
        {
            var page = await mosaic.GetResultPageAsync(jobId, next, options.PageSize);
            pages++;
            results.AddRange(page.Results);
            from = page.Next;
        }

        foreach (var result in results)
        {
            var votes = string.Join(" ", result.Gate.Votes.Select(v => $"{v.Answer}x{v.Votes}"));
            output.WriteLine($"  {result.QuestionId}: {result.FinalAnswer ?? "-"} (gold {result.Gold}; votes {votes}; {Aggregation(result, spec)})");
        }

        var report = await mosaic.GetReportAsync(jobId) ?? throw new InvalidOperationException($"job {jobId} has no report");
        output.WriteLine($"job {jobId} {report.Status.ToString().ToLowerInvariant()}: {report.Answered}/{report.Questions} answered ({report.Unanswered} without an answer) in {report.WallSeconds:0.00} s on {report.Backend}, accuracy {report.Accuracy:P0}");
        if (spec.Aggregator is null && report.Unanswered > 0)
        {
            // Without an aggregator a split vote has no answer: the job did what it was asked, not what a reader expects.
            output.WriteLine($"  {report.Unanswered} question(s) got no answer because their experts disagreed and this job has no aggregator to settle them; "
                + "--aggregator NAME adds one");
        }
        // JobReport.Answered counts every decided question, the ones decided without an answer too.
        return new SampleSummary(jobId, questions.Length, report.Answered - report.Unanswered, events, pages, results, report);
    }

    private static string Aggregation(QuestionResult result, JobSpec spec) =>
        spec.Aggregator is null ? "no aggregator" : result.Gate.SkippedAggregator ? "gate skipped the aggregator" : "aggregated";
}
