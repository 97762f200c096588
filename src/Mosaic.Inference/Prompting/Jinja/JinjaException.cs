namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>A chat template that cannot be parsed or rendered; the message names the line when it is known.</summary>
internal sealed class JinjaException(string message, int line = 0) : Exception(line > 0 ? $"line {line}: {message}" : message)
{
    public int Line { get; } = line;
}
