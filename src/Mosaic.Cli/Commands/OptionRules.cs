using System.CommandLine;
using System.Globalization;

namespace Mosaic.Cli.Commands;

/// <summary>Range rules on numeric options, reported by System.CommandLine as parse errors (one line, exit code 2) before any work.</summary>
internal static class OptionRules
{
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is var value && value < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}, got {value}");
            }
        });
        return option;
    }

    public static Option<double> Positive(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is var value && !(value > 0))
            {
                result.AddError($"{option.Name} must be positive, got {value.ToString(CultureInfo.InvariantCulture)}");
            }
        });
        return option;
    }
}
