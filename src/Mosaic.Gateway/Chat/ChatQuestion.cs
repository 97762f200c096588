using Mosaic.Abstractions.Jobs;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// A validated chat completion request: the model, the question (the last user message), its skill, the token limit,
/// stop sequences, the experts the request routes it to (null: the pool routes it), how to answer, the priority
/// its <c>service_tier</c> asks for (<see cref="ServiceTiers"/>) and the gold answer its <c>mosaic</c> extension gives.
/// </summary>
internal sealed record ChatQuestion(
    string Model, string Text, string? Skill, int? MaxTokens, bool Stream, bool IncludeUsage, IReadOnlyList<string>? Stop = null,
    IReadOnlyList<string>? Experts = null, JobPriority Priority = JobPriority.Interactive, string? Gold = null);
