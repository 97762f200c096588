namespace Mosaic.TestSupport;

/// <summary>Whether the tests run in CI (<c>CI=true</c> or <c>CI=1</c>), where a missing dependency is a failure.</summary>
public static class CiMode
{
    public static bool IsOn(string? value) =>
        string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase) || value?.Trim() == "1";
}
