namespace Mosaic.Gateway.Batches;

/// <summary>One line of a batch file: its text, or (not UTF-8) the first byte that is not part of a UTF-8 character.</summary>
internal sealed record BatchFileLine(int Number, string? Text, BadByte? NotUtf8)
{
    /// <summary>Empty or white space: skipped, not a request (a line that is not UTF-8 is never blank).</summary>
    public bool IsBlank => Text is not null && string.IsNullOrWhiteSpace(Text);

    /// <summary>The error message for a line that is not UTF-8.</summary>
    public string NotUtf8Message => $"line {Number} is not UTF-8 text: its byte {NotUtf8!.Position} (0x{NotUtf8.Value:X2}) is not part of a UTF-8 character";
}
