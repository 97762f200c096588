namespace Mosaic.Hosting;

/// <summary>An exception's message for a one-line error: Orleans' and TorchSharp's carry inner stack traces after their first line.</summary>
public static class ErrorText
{
    public static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
