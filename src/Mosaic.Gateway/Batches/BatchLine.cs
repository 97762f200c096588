using Mosaic.Gateway.Api;
using Mosaic.Gateway.Chat;

namespace Mosaic.Gateway.Batches;

/// <summary>One request line of an input file (1-based line number): its custom id and either its question or why it was refused.</summary>
internal sealed record BatchLine(int Number, string? CustomId, ChatQuestion? Question, ApiError? Error)
{
    /// <summary>The question's id inside the batch's job.</summary>
    public string QuestionId => QuestionIdOf(Number);

    public static string QuestionIdOf(int line) => $"l{line}";

    public static int? LineOf(string questionId) =>
        questionId.StartsWith('l') && int.TryParse(questionId.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var line)
            ? line
            : null;
}
