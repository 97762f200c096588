namespace Mosaic.Grains.Hosting;

/// <summary>The grain storage provider the grains persist through.</summary>
public static class MosaicStorageNames
{
    public const string Grains = "mosaic";
}
