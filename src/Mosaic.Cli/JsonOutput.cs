using System.Text.Json;

namespace Mosaic.Cli;

/// <summary>Shared JSON settings: every <c>--json</c> output is exactly one indented object.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };

    public static void Write<T>(TextWriter writer, T value) => writer.WriteLine(JsonSerializer.Serialize(value, Options));
}
