namespace Mosaic.Integration.Tests;

[CollectionDefinition(Name)]
public sealed class EmulatedClusterCollection : ICollectionFixture<EmulatedClusterFixture>
{
    public const string Name = "emulated 4-silo cluster";
}
