using Microsoft.Extensions.DependencyInjection;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Gating;
using Mosaic.Grains.Backends;
using Mosaic.Storage;
using Mosaic.Storage.Jobs;
using Orleans.Serialization;

namespace Mosaic.Grains.Tests;

/// <summary>
/// The emulated backend's view of a job, read from the job's stored spec: the silos of one process that share a job
/// store share one read per job; a read that failed is not remembered.
/// </summary>
public sealed class StoredEmulatedJobsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(JobSpec).Assembly)).BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    [Fact]
    public async Task SilosSharingAStore_ReadAJobOnce_AndSeeItsQuestionsInOrder()
    {
        var store = NewStore();
        await store.TryCreateJobAsync("job", Serializer.SerializeToArray(Spec("a", "b", "c")));

        var first = await new StoredEmulatedJobs(store, Serializer).GetAsync("job", default);
        var second = await new StoredEmulatedJobs(store, Serializer).GetAsync("job", default);

        Assert.Equal(["a", "b", "c"], first.QuestionIds);
        Assert.Equal("agg", first.Aggregator);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task AnotherStore_ReadsItsOwnJob()
    {
        var (one, other) = (NewStore(), NewStore());
        await one.TryCreateJobAsync("job", Serializer.SerializeToArray(Spec("a")));
        await other.TryCreateJobAsync("job", Serializer.SerializeToArray(Spec("x", "y")));

        Assert.Equal(["a"], (await new StoredEmulatedJobs(one, Serializer).GetAsync("job", default)).QuestionIds);
        Assert.Equal(["x", "y"], (await new StoredEmulatedJobs(other, Serializer).GetAsync("job", default)).QuestionIds);
    }

    [Fact]
    public async Task AJobWithoutASpec_Fails_UntilItsSpecIsWritten()
    {
        var store = NewStore();
        var jobs = new StoredEmulatedJobs(store, Serializer);

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => jobs.GetAsync("job", default));
        Assert.Contains("job 'job' has no stored spec", missing.Message);

        await store.TryCreateJobAsync("job", Serializer.SerializeToArray(Spec("q")));
        Assert.Equal(["q"], (await jobs.GetAsync("job", default)).QuestionIds);
    }

    public void Dispose() => _services.Dispose();

    /// <summary>A store of its own (in-memory stores are shared by name across the process).</summary>
    private static IJobStore NewStore() =>
        JobStores.Create(new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory }, $"emulated-jobs-{Guid.NewGuid():N}");

    private static JobSpec Spec(params string[] ids) =>
        new([.. ids.Select(id => new QuestionSpec(id, $"question {id}", ["x"]))], ["x"], "agg", GateSpec.Off);
}
