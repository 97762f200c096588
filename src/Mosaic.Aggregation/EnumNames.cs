using System.Reflection;
using System.Text.Json.Serialization;

namespace Mosaic.Aggregation;

/// <summary>
/// The one spelling of each member of a closed set that users write and read: its
/// <see cref="JsonStringEnumMemberNameAttribute"/>, so pool files, command-line options, reports and the gateway's JSON
/// all say <c>round-robin</c> or <c>vote</c>. (Here, in the library every other one references, so that any enum can
/// use it.) Every name users write is read by one rule, <see cref="TryParse"/>: case and surrounding white space are
/// ignored (<c>Instruct</c>, <c>MCQ</c>, <c> vote </c>), any other spelling is refused. An enum member without a name,
/// or two names that differ only in case, is a programming error, found on first use.
/// </summary>
public static class EnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly (TEnum Value, string Name)[] Table = Build();

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
        var given = name?.Trim();
        foreach (var (member, memberName) in Table)
        {
            if (string.Equals(memberName, given, StringComparison.OrdinalIgnoreCase))
            {
                value = member;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static (TEnum Value, string Name)[] Build()
    {
        (TEnum Value, string Name)[] table = [.. Enum.GetValues<TEnum>().Select(v => (v, NameAttribute(v)))];
        var clash = table.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return clash is null ? table : throw new InvalidOperationException($"{typeof(TEnum).Name} names '{clash.Key}' twice, ignoring case");
    }

    private static string NameAttribute(TEnum value) =>
        typeof(TEnum).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{value} has no [JsonStringEnumMemberName]");
}
