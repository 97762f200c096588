namespace Mosaic.Gateway.Chat;

/// <summary>One question on its way into a job: its id in the job, its text, the skill and the new-token limit it asked for (if any).</summary>
internal sealed record PendingQuestion(string Id, string Text, string? Skill, int? MaxTokens);
