using System.Reflection;
using System.Text.Json.Serialization;

namespace Mosaic.Aggregation;

/// <summary>
/// The one spelling of each member of a closed set that users write and read: its
/// <see cref="JsonStringEnumMemberNameAttribute"/>, so pool files, command-line options, reports and the gateway's JSON
/// all say <c>round-robin</c> or <c>vote</c>. (Here, in the library every other one references, so that any enum can
/// use it.) Names are matched exactly; an enum member without a name is a programming error, found on first use.
/// </summary>
public static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly (TEnum Value, string Name)[] Table = [.. Enum.GetValues<TEnum>().Select(v => (v, NameAttribute(v)))];

    public static IReadOnlyList<string> All { get; } = [.. Table.Select(e => e.Name)];

    public static string NameOf(TEnum value)
    {
        foreach (var (member, name) in Table)
        {
            if (EqualityComparer<TEnum>.Default.Equals(member, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"unknown {typeof(TEnum).Name}");
    }

    public static bool TryParse(string? name, out TEnum value)
    {
        foreach (var (member, memberName) in Table)
        {
            if (string.Equals(memberName, name, StringComparison.Ordinal))
            {
                value = member;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string NameAttribute(TEnum value) =>
        typeof(TEnum).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{value} has no [JsonStringEnumMemberName]");
}
