using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using Mosaic.Grains.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Mosaic.Grains.Tests;

public sealed class WorkerDirectoryTests
{
    [Fact]
    public void ActiveWorkers_WorkerRestartedBeforeItsOldIncarnationIsDeclaredDead_IsItsNewestSilo()
    {
        // Membership lists silos in hash order; over many addresses the old incarnation comes first about half the time.
        for (var n = 0; n < 40; n++)
        {
            var old = Silo(11000 + n, generation: 100 + n);
            var restarted = Silo(n % 2 == 0 ? 11000 + n : 21000 + n, generation: 130 + n); // same ports, or new ones
            var other = Silo(31000 + n, generation: 90);
            var directory = Directory([old, restarted, other], new() { [old] = "gpu1", [restarted] = "gpu1", [other] = "gpu0" });

            var workers = directory.ActiveWorkers();

            Assert.Equal(restarted, workers["gpu1"]);
            Assert.Equal(other, workers["gpu0"]);
        }
    }

    [Fact]
    public void ActiveWorkers_DeadOrJoiningSilosAndSilosWithoutAWorker_AreLeftOut()
    {
        var dead = Silo(11111, generation: 100);
        var joining = Silo(22222, generation: 110);
        var plain = Silo(33333, generation: 120);
        var live = Silo(44444, generation: 90);
        var directory = Directory(
            [dead, joining, plain, live],
            new() { [dead] = "gpu1", [joining] = "gpu2", [live] = "gpu0" },
            new() { [dead] = SiloStatus.Dead, [joining] = SiloStatus.Joining });

        Assert.Equal(new Dictionary<string, SiloAddress> { ["gpu0"] = live }, directory.ActiveWorkers());
    }

    /// <summary>
    /// A worker configured with another pool is left out of the jobs that need a model it lacks (it failed every call
    /// planned on it, until 2026-12-05); a silo that publishes no list is taken to serve any.
    /// </summary>
    [Fact]
    public void ActiveWorkers_ForModels_LeaveOutWorkersThatLackOne()
    {
        var full = Silo(11111, generation: 100);
        var older = Silo(22222, generation: 110);
        var silent = Silo(33333, generation: 120);
        var directory = Directory(
            [full, older, silent],
            new() { [full] = "gpu0", [older] = "gpu1", [silent] = "gpu2" },
            models: new() { [full] = "agg,a,b,c", [older] = "a,agg,b" });

        Assert.Equal(["gpu0", "gpu1", "gpu2"], directory.ActiveWorkers(["a", "b", "agg"]).Keys.Order());
        Assert.Equal(["gpu0", "gpu2"], directory.ActiveWorkers(["a", "c", "agg"]).Keys.Order());
        Assert.Equal(new HashSet<string> { "a", "agg", "b" }, directory.ModelsOf(older));
        Assert.Null(directory.ModelsOf(silent));
    }

    private static SiloAddress Silo(int port, int generation) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);

    private static WorkerDirectory Directory(
        IReadOnlyList<SiloAddress> silos,
        Dictionary<SiloAddress, string> workers,
        Dictionary<SiloAddress, SiloStatus>? statuses = null,
        Dictionary<SiloAddress, string>? models = null)
    {
        var members = silos.Select(s => new ClusterMember(s, statuses?.GetValueOrDefault(s, SiloStatus.Active) ?? SiloStatus.Active, s.ToString()));
        var snapshot = new ClusterMembershipSnapshot(members.ToImmutableDictionary(m => m.SiloAddress), new MembershipVersion(1));
        var metadata = silos.ToDictionary(s => s, s => Metadata(workers.TryGetValue(s, out var w) ? w : null, models?.GetValueOrDefault(s)));
        return new WorkerDirectory(new FixedMembership(snapshot), new FixedMetadata(metadata));
    }

    /// <summary>Orleans fills silo metadata itself (its setter is internal): the test does the same through reflection.</summary>
    private static SiloMetadata Metadata(string? worker, string? models)
    {
        var metadata = new SiloMetadata();
        var add = typeof(SiloMetadata).GetMethod("AddMetadata", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(string)])!;
        if (worker is not null)
        {
            add.Invoke(metadata, [WorkerDirectory.MetadataKey, worker]);
        }

        if (models is not null)
        {
            add.Invoke(metadata, [WorkerDirectory.ModelsKey, models]);
        }

        return metadata;
    }

    private sealed class FixedMembership(ClusterMembershipSnapshot snapshot) : IClusterMembershipService
    {
        public ClusterMembershipSnapshot CurrentSnapshot => snapshot;

        public IAsyncEnumerable<ClusterMembershipSnapshot> MembershipUpdates => throw new NotSupportedException();

        public ValueTask Refresh(MembershipVersion minimumVersion = default, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<bool> TryKill(SiloAddress siloAddress) => throw new NotSupportedException();
    }

    private sealed class FixedMetadata(Dictionary<SiloAddress, SiloMetadata> metadata) : ISiloMetadataCache
    {
        public SiloMetadata GetSiloMetadata(SiloAddress siloAddress) => metadata.GetValueOrDefault(siloAddress) ?? new SiloMetadata();
    }
}
