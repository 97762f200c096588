using System.ComponentModel;
using System.Globalization;

namespace Mosaic.Aggregation;

/// <summary>
/// Lets configuration (<c>Mosaic__Pool__GateRule=vote</c>, appsettings.json) spell a closed set as pool files and the
/// gateway's JSON do (<see cref="EnumNames{TEnum}"/>); the member names (<c>VoteFraction</c>, any case) are still
/// accepted, as .NET's own enum converter accepts them.
/// </summary>
public sealed class EnumNameConverter<TEnum>() : EnumConverter(typeof(TEnum))
    where TEnum : struct, Enum
{
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text && EnumNames<TEnum>.TryParse(text, out var named) ? named : base.ConvertFrom(context, culture, value);
}
