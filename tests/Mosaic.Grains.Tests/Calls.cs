using Mosaic.Aggregation.Extraction;
using Mosaic.Grains.Devices;

namespace Mosaic.Grains.Tests;

/// <summary>Builders for requests and session plans.</summary>
internal static class Calls
{
    public static CallKey Key(string question, int slot = 0) => new(question, slot);

    public static InferenceRequest Request(
        string job, string expert, CallKey key, int generation = 1, int? maxNewTokens = null, string? gold = "42", AnswerFormat format = AnswerFormat.Number) =>
        new(job, generation, key, expert, $"What is {key.QuestionId}?", null, format, maxNewTokens, 0, gold, null);

    public static InferenceRequest Request(string job, string expert, string question, int slot = 0, int generation = 1) =>
        Request(job, expert, Key(question, slot), generation);

    public static InferenceRequest Aggregator(string job, string expert, string question, int generation = 1) =>
        new(job, generation, CallKey.Aggregator(question), expert, $"What is {question}?",
            [new ResponseInput("x", "The answer is 42.", 6), new ResponseInput("y", "The answer is 41.", 6)],
            AnswerFormat.Number, null, 0, "42", null);

    public static SessionPlan Planned(string expert, params string[] questions) =>
        new(expert, [.. questions.Select(q => Key(q))]);

    public static SessionPlan OpenEnded(string expert) => new(expert, null);
}
