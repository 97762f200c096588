using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Aggregation.Extraction;
using Mosaic.Aggregation.Gating;
using Mosaic.Aggregation.Prompting;
using Mosaic.Hosting;
using Mosaic.Routing;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;
using Mosaic.Zoo.Workload;
using Xunit.Abstractions;

namespace Mosaic.Integration.Tests;

/// <summary>
/// The shipped zoo, real TorchSharp generation, through the real grains on two worker silos: every question must get
/// the answers the same models give when called directly with the same prompts (greedy decoding), at τ = 1 and with
/// full aggregation. This is what proves the serving path feeds each model exactly what it was trained on.
/// </summary>
public sealed class ZooThroughTheGrainsTests(ITestOutputHelper output)
{
    private static readonly string Zoo = ZooPaths.DefaultDirectory(AppContext.BaseDirectory);

    [Fact]
    public async Task ShippedZoo_OnTwoSilos_AnswersLikeTheModelsCalledDirectly()
    {
        var routed = Routed(questions: 60);
        var direct = ZooDirect.Run(Zoo, routed);
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Workers = 2, Grains = ZooPool.Options(Zoo) });

        foreach (var (gate, name) in new[] { (new GateSpec(GateRule.VoteFraction, 1.0), "tau=1"), (GateSpec.Off, "full aggregation") })
        {
            var id = await cluster.Mosaic.SubmitAsync(ZooPool.Job(routed, gate));
            var report = await cluster.Mosaic.WaitForCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
            var results = (await cluster.Mosaic.GetResultsAsync(id)).ToDictionary(r => r.QuestionId);
            Assert.True(report.Status == JobStatus.Completed, $"{name}: {report.Status} {report.Error}");
            Assert.Equal(routed.Count, results.Count);

            var expected = routed.Select((q, i) => Final(q, direct[i], gate)).ToArray();
            var served = routed.Select(q => results[q.Id].FinalAnswer).ToArray();
            var expertMismatches = routed.Sum(q => results[q.Id].ExpertCalls.Zip(direct[routed.IndexOf(q)].ExpertTexts)
                .Count(p => p.First.Status == CallStatus.Completed && p.First.Text != p.Second));
            var answerMismatches = expected.Zip(served).Count(p => p.First != p.Second);
            var directAccuracy = Accuracy(routed, expected);
            var servedAccuracy = Accuracy(routed, served);
            output.WriteLine($"{name}: direct {directAccuracy:P1}, through the grains {servedAccuracy:P1}, "
                + $"{answerMismatches} final answers and {expertMismatches} expert texts differ, {report.AggregatorCalls} aggregator calls; "
                + $"expert stage {report.ExpertStageSeconds:0.00} s against {report.PlannedMakespanSeconds:0.00} s planned from the zoo's profiles");

            Assert.All(results.Values.SelectMany(r => r.ExpertCalls), c => Assert.Equal(CallStatus.Completed, c.Status));
            Assert.All(results.Values.SelectMany(r => r.ExpertCalls.Append(r.AggregatorCall)).OfType<ExpertCallResult>(), c => Assert.False(c.Emulated));
            Assert.InRange(Math.Abs(servedAccuracy - directAccuracy), 0, 0.01);
            Assert.True(answerMismatches <= 1, $"{name}: {answerMismatches} final answers differ from the direct run");
            Assert.True(directAccuracy > 0.4, $"the zoo answers {directAccuracy:P0} of its routed questions directly; it should be far above chance");

            // Loosely: on a quiet 2-core machine this 60-question job's expert stage is about 2x its 0.4 s plan (a small
            // job's fixed latencies weigh on a short plan; the demo's 300 questions come to 1.0-1.5x), and in CI other
            // test assemblies share the cores (10x slower seen). Below 0.5, or 100x above, the planner is not pricing sessions from the
            // measured profiles.
            Assert.InRange(report.ExpertStageSeconds / report.PlannedMakespanSeconds, 0.5, 100);
        }
    }

    /// <summary>Every tenth routed test question: all skills, the workload's router and seed.</summary>
    private static List<RoutedQuestion> Routed(int questions)
    {
        var manifest = ZooManifest.Load(Zoo);
        var all = ZooWorkload.Route(manifest, ZooDataset.Default.Test, ZooWorkload.DefaultRouter);
        return all.Where((_, i) => i % (all.Count / questions) == 0).Take(questions).ToList();
    }

    /// <summary>What the direct run answers: the unanimous answer when τ = 1 skips the aggregator, else the aggregator's.</summary>
    private static string? Final(RoutedQuestion question, DirectAnswer direct, GateSpec gate)
    {
        var answers = question.Experts.Select((e, s) => new ExpertAnswer(e, ExpertVote.Of(direct.ExpertTexts[s], direct.ExpertsCutOff[s], AnswerFormat.Number))).ToArray();
        var decision = ConfidenceGate.Decide(answers, new GateSettings(gate.Rule, gate.Rule == GateRule.Off ? 1 : gate.Threshold));
        return decision.SkipsAggregator ? decision.Answer : AggregatorAnswerParser.Parse(direct.AggregatorText, AnswerFormat.Number).Answer;
    }

    private static double Accuracy(IReadOnlyList<RoutedQuestion> routed, IReadOnlyList<string?> answers) =>
        routed.Select((q, i) => answers[i] == AnswerExtractor.Extract(q.GoldAnswer, AnswerFormat.Number) ? 1.0 : 0.0).Average();
}
