namespace Mosaic.Gateway.Batches;

/// <summary>A batch-level error (OpenAI's <c>errors.data[]</c>): a code, a one-line message, and the input line when there is one.</summary>
internal sealed record BatchErrorItem(string Code, string Message, string? Param = null, int? Line = null);
