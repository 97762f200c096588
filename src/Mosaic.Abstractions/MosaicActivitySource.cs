namespace Mosaic.Abstractions;

/// <summary>The activity source of Mosaic's job traces, for hosts that export them (<c>AddSource(MosaicActivitySource.Name)</c>).</summary>
public static class MosaicActivitySource
{
    public const string Name = "Mosaic";
}
