using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;

namespace Mosaic.Integration.Tests;

/// <summary>Seeded multiple-choice workloads routed with the paper's popularity skew (k = 3, with replacement).</summary>
internal static class TestWorkloads
{
    private static readonly double[] Popularity = [1632, 1428, 956, 1070, 547, 667];

    public static JobSpec MultipleChoice(int questions, int seed, GateSpec? gate = null, SchedulerKind scheduler = SchedulerKind.Mosaic)
    {
        var random = new Random(seed);
        var total = Popularity.Sum();
        string Pick()
        {
            var x = random.NextDouble() * total;
            for (var i = 0; i < Popularity.Length; i++)
            {
                x -= Popularity[i];
                if (x <= 0)
                {
                    return TestProfiles.Pool[i];
                }
            }

            return TestProfiles.Pool[^1];
        }

        var items = Enumerable.Range(0, questions).Select(i => new QuestionSpec(
            $"q{i:0000}", $"Question {i}: which option is correct? (A) one (B) two (C) three (D) four",
            [Pick(), Pick(), Pick()], "mcq", ((char)('A' + random.Next(4))).ToString())).ToArray();
        return new JobSpec(items, TestProfiles.Pool, TestProfiles.Aggregator, gate ?? new GateSpec(), scheduler, AnswerFormat.MultipleChoice);
    }
}
