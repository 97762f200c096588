namespace Mosaic.Inference.Prompting;

/// <summary>A conversation a model's prompt format cannot write (for example, a template's own raise_exception).</summary>
public sealed class PromptFormatException(string message, Exception? inner = null) : Exception(message, inner);
