namespace Mosaic.Abstractions;

/// <summary>The meter the silos write Mosaic's metrics to, for hosts that export it (<c>AddMeter(MosaicMeter.Name)</c>).</summary>
public static class MosaicMeter
{
    public const string Name = "Mosaic";
}
