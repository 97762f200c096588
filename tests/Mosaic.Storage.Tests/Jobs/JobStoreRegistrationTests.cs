using Microsoft.Extensions.DependencyInjection;
using Mosaic.Storage.Jobs;
using Orleans.TestingHost;

namespace Mosaic.Storage.Tests.Jobs;

public sealed class JobStoreRegistrationTests
{
    [Fact]
    public async Task AddMosaicStorage_MemoryTwoSilos_ShareOneStoreOfTheServiceId()
    {
        var serviceId = TestClusters.NewId("mem-reg");
        await using var cluster = await TestClusters.DeployAsync(new MosaicStorageOptions(), serviceId, silos: 2);

        var stores = cluster.Silos.Select(silo => silo.ServiceProvider.GetRequiredService<IJobStore>()).ToArray();

        Assert.Same(stores[0], stores[1]);
        Assert.Same(InMemoryJobStore.Shared(serviceId), stores[0]);
        var job = await JobStoreScenarios.CreateAsync(stores[0]);
        Assert.NotNull(await stores[1].ReadSpecAsync(job));
    }

    [Fact]
    public async Task AddMosaicStorage_Sqlite_RegistersTheFileStoreOfTheServiceId()
    {
        var fixture = new SqliteClusterFixture();
        await fixture.InitializeAsync();
        try
        {
            var store = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IJobStore>();
            Assert.IsType<SqliteJobStore>(store);

            // The silo installed the job tables at start-up, and its store writes rows of its own service id.
            var job = await JobStoreScenarios.CreateAsync(store);
            Assert.NotNull(await JobStores.Create(fixture.Storage, fixture.ServiceId).ReadSpecAsync(job));
            Assert.Null(await JobStores.Create(fixture.Storage, "another-service").ReadSpecAsync(job));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
