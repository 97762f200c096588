using System.Text.RegularExpressions;

namespace Mosaic.Cli;

/// <summary>
/// .NET type names in a library's message, in the user's words: System.CommandLine's "as expected type
/// 'System.Nullable`1[System.Int32]'" and the configuration binder's "to type 'System.TimeSpan'".
/// </summary>
internal static partial class TypeWords
{
    public static string Plain(string message) =>
        TypeName().Replace(message, match => $"{match.Groups["lead"].Value} {Words(match.Groups["type"].Value)}");

    private static string Words(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("TimeSpan", StringComparison.Ordinal) => "a duration (hh:mm:ss)",
        _ => "the setting's type",
    };

    [GeneratedRegex(@"(?<lead>as|to) (?:expected )?type '(?<type>[^']+)'")]
    private static partial Regex TypeName();
}
