namespace Mosaic.Gateway.Chat;

/// <summary>
/// One question on its way into a job: its id in the job, its text, the skill, the new-token limit it asked for (if
/// any) and the experts its request named (null: the pool routes it).
/// </summary>
internal sealed record PendingQuestion(string Id, string Text, string? Skill, int? MaxTokens, IReadOnlyList<string>? Experts = null);
