using Mosaic.Abstractions.Jobs;

namespace Mosaic.Cli.Batch;

/// <summary>
/// One input line of a batch: its number, its <c>custom_id</c> (<c>line-N</c> when it has none) and either the
/// question it asks (of <see cref="Model"/>: the pool's MoA model or one of its experts) or why it cannot be answered;
/// <see cref="Stop"/>: the request's stop sequences, which end its message; <see cref="ErrorCode"/>: the error's code,
/// the one the gateway's batch API gives the same mistake.
/// </summary>
internal sealed record BatchLine(
    int Number, string CustomId, QuestionSpec? Question, string? Error, string? Model = null, IReadOnlyList<string>? Stop = null, string? ErrorCode = null);
