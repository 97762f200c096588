namespace Mosaic.Storage.Tests.Jobs;

/// <summary>Applies the PostgreSQL schema once for the job store tests. Does nothing without MOSAIC_TEST_POSTGRES.</summary>
public sealed class PostgresJobStoreFixture : IAsyncLifetime
{
    public MosaicStorageOptions Options => new()
    {
        Provider = MosaicStorageProvider.Postgres,
        ConnectionString = PostgresFactAttribute.ConnectionString ?? "Host=unset",
    };

    public Task InitializeAsync() =>
        PostgresFactAttribute.ConnectionString is null ? Task.CompletedTask : SqlSchemaInstaller.ApplyAsync(Options);

    public Task DisposeAsync() => Task.CompletedTask;
}
