using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;

namespace Mosaic.Deploy.Tests;

/// <summary>Multiple-choice jobs over the expert pool of src/Mosaic.Silo/appsettings.json (emulated backend).</summary>
internal static class TestJobs
{
    public static readonly string[] Pool = ["Gemma", "QwenR1", "Qwen", "LlamaR1", "Exaone", "GLM"];

    public static JobSpec MultipleChoice(int questions, int seed)
    {
        var random = new Random(seed);
        var items = Enumerable.Range(0, questions).Select(i => new QuestionSpec(
            $"q{i:0000}", $"Question {i}: which option is correct? (A) one (B) two (C) three (D) four",
            [.. Enumerable.Range(0, 3).Select(_ => Pool[random.Next(Pool.Length)])], "mcq", ((char)('A' + random.Next(4))).ToString())).ToArray();
        return new JobSpec(items, Pool, "Agg", new GateSpec(), SchedulerKind.Mosaic, AnswerFormat.MultipleChoice);
    }
}
