namespace Mosaic.Gateway.Chat;

/// <summary>One question on its way into a job: its id in the job, its text and the skill it asked for (if any).</summary>
internal sealed record PendingQuestion(string Id, string Text, string? Skill);
