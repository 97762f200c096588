using Mosaic.Abstractions;
using Mosaic.Client;
using Mosaic.Abstractions.Jobs;
using Mosaic.Aggregation.Extraction;
using Mosaic.Grains.Hosting;
using Mosaic.Scheduling.Emulation;
using Mosaic.Scheduling.Instances;
using Orleans.TestingHost;

namespace Mosaic.Integration.Tests;

/// <summary>
/// Four silos whose emulated backend draws every call from the GPQA calibration of the emulation model (seed
/// <see cref="Seed"/>), with the paper's TP = 4 aggregator engine behind the barrier: a reduced end to end of the
/// paper's pipeline (198 questions) that runs in seconds at time scale <see cref="TimeScale"/>.
/// </summary>
public sealed class CalibratedClusterFixture : IAsyncLifetime
{
    public const string Instance = "paper:gpqa";
    public const int Seed = 5;
    public const double TimeScale = 0.002;
    public const string Aggregator = "Agg";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public MosaicClient Client { get; private set; } = null!;

    public IReadOnlyList<EmulatedQuestion> Questions { get; } = EmulatedWorkload.Deal(PaperInstances.Get(Instance), Seed);

    /// <summary>The model the silos use for this workload (same profile, questions and seed).</summary>
    public EmulationModel Model => new(PaperCalibration.For(Instance), Questions, Seed);

    public JobSpec Workload(SchedulerKind scheduler, GateSpec gate, bool overlap)
    {
        var model = Model;
        var instance = PaperInstances.Get(Instance);
        return new JobSpec(
            Questions.Select((q, i) => new QuestionSpec(q.Id, $"Question {i}", q.Experts, null, model.AnswerLetter(q.Id, 0))).ToArray(),
            instance.Experts.Select(e => e.Name).ToArray(), Aggregator, gate, scheduler, AnswerFormat.MultipleChoice, OverlapStages: overlap);
    }

    public async Task InitializeAsync()
    {
        Cluster = ClusterFactory.Build(4, Options);
        await Cluster.DeployAsync();
        await ClusterFactory.WaitForWorkersAsync(Cluster, 4);
        Client = new MosaicClient(Cluster.Client);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    private static MosaicGrainsOptions Options(string worker)
    {
        var instance = PaperInstances.Get(Instance);
        var profile = PaperCalibration.For(Instance);
        var experts = instance.Experts.ToDictionary(
            e => e.Name,
            e => new ExpertOptions { Kind = e.Kind, LoadSeconds = e.LoadSeconds, PerPromptSeconds = e.PerPromptSeconds, MeanOutputTokens = profile.Expert(e.Name).MeanOutputTokens },
            StringComparer.Ordinal);
        experts[Aggregator] = new ExpertOptions
        {
            Kind = profile.Aggregator.Kind, LoadSeconds = profile.Aggregator.LoadSeconds,
            PerPromptSeconds = PaperCalibration.ExpectedReplicaCallSeconds(profile), MeanOutputTokens = profile.Aggregator.BaseOutputTokens,
        };
        return new MosaicGrainsOptions
        {
            Worker = worker,
            Backend = BackendKind.Emulated,
            TimeScale = TimeScale,
            PlanTimeLimitMs = 2000,
            MaxBatchSize = 1 << 20,
            AggregatorTensorParallel = AggregatorEmulation.TensorParallelDegree,
            Emulation = new EmulationOptions { Profile = Instance, Seed = Seed },
            Experts = experts,
        };
    }
}
