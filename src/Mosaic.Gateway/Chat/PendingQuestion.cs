namespace Mosaic.Gateway.Chat;

/// <summary>
/// One question on its way into a job: its id in the job, its text, the skill, the new-token limit it asked for (if
/// any), the experts its request named (null: the pool routes it) and its gold answer (null: none given).
/// </summary>
internal sealed record PendingQuestion(string Id, string Text, string? Skill, int? MaxTokens, IReadOnlyList<string>? Experts = null, string? Gold = null)
{
    /// <summary>A request's question as the job's question <paramref name="id"/>.</summary>
    public static PendingQuestion Of(string id, ChatQuestion question) =>
        new(id, question.Text, question.Skill, question.MaxTokens, question.Experts, question.Gold);
}
