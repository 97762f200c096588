namespace Mosaic.Inference.Prompting.Jinja;

/// <summary>A global function or a bound method as the interpreter calls it.</summary>
internal delegate object? JinjaCallable(IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> keywords);
