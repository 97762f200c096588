using System.Numerics;
using System.Text;

namespace Mosaic.Aggregation.Extraction;

/// <summary>
/// Exact rational arithmetic for number canonicalisation. Every value gets one spelling: an integer, a terminating
/// decimal without trailing zeros, or a reduced fraction p/q when the decimal would not terminate. So
/// 1,000 = 1000.0 = 1000, 0.50 = 1/2 = 0.5, and 2/6 = 1/3.
/// </summary>
internal static class CanonicalNumber
{
    /// <summary>Formats sign, digits (thousands commas allowed, optional decimal part) and an optional denominator.</summary>
    public static string? Format(bool negative, string digits, string? denominator)
    {
        if (!TryParseDecimal(digits, out var numerator, out var scale))
        {
            return null;
        }

        var denom = BigInteger.Pow(10, scale);
        if (!string.IsNullOrEmpty(denominator))
        {
            if (!BigInteger.TryParse(denominator, out var d))
            {
                return null;
            }

            if (d.IsZero)
            {
                // A zero denominator has no value; keep its spelling so the result is still stable.
                return (negative ? "-" : string.Empty) + digits.Replace(",", string.Empty, StringComparison.Ordinal) + "/0";
            }

            denom *= d;
        }

        if (negative)
        {
            numerator = -numerator;
        }

        return FormatRational(numerator, denom);
    }

    private static bool TryParseDecimal(string digits, out BigInteger numerator, out int scale)
    {
        var plain = digits.Replace(",", string.Empty, StringComparison.Ordinal);
        var point = plain.IndexOf('.');
        var whole = point < 0 ? plain : plain[..point];
        var fraction = point < 0 ? string.Empty : plain[(point + 1)..];
        scale = fraction.Length;
        var all = whole + fraction;
        if (all.Length == 0)
        {
            numerator = BigInteger.Zero;
            return false;
        }

        return BigInteger.TryParse(all, out numerator);
    }

    private static string FormatRational(BigInteger numerator, BigInteger denominator)
    {
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsZero && !gcd.IsOne)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        if (numerator.IsZero)
        {
            return "0";
        }

        if (denominator.IsOne)
        {
            return numerator.ToString();
        }

        var twos = 0;
        var fives = 0;
        var rest = denominator;
        while (rest.IsEven) { rest /= 2; twos++; }
        while ((rest % 5).IsZero) { rest /= 5; fives++; }
        if (!rest.IsOne)
        {
            return numerator.ToString() + "/" + denominator.ToString();
        }

        var places = Math.Max(twos, fives);
        var scaled = BigInteger.Abs(numerator) * (BigInteger.Pow(10, places) / denominator);
        var text = scaled.ToString().PadLeft(places + 1, '0');
        var builder = new StringBuilder();
        if (numerator.Sign < 0)
        {
            builder.Append('-');
        }

        builder.Append(text, 0, text.Length - places).Append('.').Append(text, text.Length - places, places);
        return builder.ToString();
    }
}
