using System.Text;
using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Prompting;

/// <summary>
/// Builds the Mixture-of-Agents aggregation prompt: the aggregator receives the question and the experts' final
/// responses (reasoning traces removed, each capped in length) and is asked to weigh them critically and write one
/// answer of its own, ending in the form the answer format expects so <see cref="AggregatorAnswerParser"/> can read it.
/// </summary>
public static class AggregatorPromptBuilder
{
    private const string Instruction =
        "You are the final reviewer for a question that several independent AI models have already attempted. "
        + "Their responses follow the question, numbered. Treat them as evidence, not as authority: any of them may "
        + "contain slips in arithmetic, flawed reasoning or confident mistakes, and agreement between them does not by "
        + "itself make them right. Check each line of argument, keep what holds up, discard what does not, and where "
        + "they conflict, work the question out yourself. Then write a single self-contained, accurate response to the "
        + "question. Do not mention the numbered responses or say which model was right.";

    public static AggregatorPrompt Build(
        string question,
        IReadOnlyList<string> responses,
        AnswerFormat format,
        AggregatorPromptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(responses);
        options ??= AggregatorPromptOptions.Default;
        options.Validate();

        var bodies = Bodies(responses, options, out var truncated);
        return new AggregatorPrompt(SystemText(format, options), User(question.Trim(), bodies), truncated);
    }

    /// <summary>The responses as the aggregator sees them: reasoning removed, capped by <paramref name="options"/>.</summary>
    internal static string[] Bodies(IReadOnlyList<string> responses, AggregatorPromptOptions options, out int truncated)
    {
        var bodies = new string[responses.Count];
        truncated = 0;
        for (var i = 0; i < responses.Count; i++)
        {
            bodies[i] = ResponseTrimmer.Trim(Visible(responses[i]), options, out var shortened);
            truncated += shortened ? 1 : 0;
        }

        return bodies;
    }

    internal static string SystemText(AnswerFormat format, AggregatorPromptOptions options) =>
        Instruction + " " + Closing(format, options.LastOptionLetter);

    internal static string User(string question, IReadOnlyList<string> bodies)
    {
        var user = new StringBuilder();
        user.Append("Question:\n").Append(question).Append("\n\nCandidate responses:\n");
        for (var i = 0; i < bodies.Count; i++)
        {
            user.Append("\n[Response ").Append(i + 1).Append("]\n").Append(bodies[i]).Append('\n');
        }

        return user.ToString();
    }

    private static string Visible(string? response)
    {
        if (string.IsNullOrWhiteSpace(response))
        {
            return "(no response)";
        }

        if (ReasoningTrace.IsUnfinished(response))
        {
            return "(this model's reasoning was cut off before it gave a final response)";
        }

        var visible = ReasoningTrace.Strip(response).Trim();
        return visible.Length == 0 ? "(no response after the reasoning)" : visible;
    }

    private static string Closing(AnswerFormat format, char lastOptionLetter) => format switch
    {
        AnswerFormat.MultipleChoice =>
            $"End with a line of the form \"The answer is (X)\", where X is the letter (A to {char.ToUpperInvariant(lastOptionLetter)}) of the correct option.",
        AnswerFormat.Boxed => "End with the final answer written as \\boxed{...}.",
        AnswerFormat.Gsm8k => "End with a line of the form \"#### N\", where N is the final number alone.",
        AnswerFormat.Number => "End with a line of the form \"The answer is N\", where N is the final number alone.",
        _ => "End with a line of the form \"The answer is X\", where X is the final answer alone.",
    };
}
