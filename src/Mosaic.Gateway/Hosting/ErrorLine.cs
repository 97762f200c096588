namespace Mosaic.Gateway.Hosting;

/// <summary>An exception's message as one line of an HTTP error or a warning: Orleans' and the drivers' carry details (a position, inner stack traces) after their first.</summary>
internal static class ErrorLine
{
    public static string First(string message) => message.Split('\n', 2)[0].Trim();
}
