using Orleans.Configuration;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Grains.Aggregation;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Jobs;
using Mosaic.Grains.Placement;
using Mosaic.Grains.Telemetry;
using Mosaic.Storage;
using Mosaic.Storage.Jobs;
using Orleans.Serialization;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Mosaic.Grains.Hosting;

/// <summary>Registers Mosaic's grains, placement and this silo's worker device.</summary>
public static class MosaicSiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo worker <see cref="MosaicGrainsOptions.Worker"/>: publishes the worker id (and optional GPU memory)
    /// as silo metadata, installs the plan-driven placement director, the device and the configured backend. The host
    /// registers the grain storage named <see cref="MosaicStorageNames.Grains"/>.
    /// </summary>
    public static ISiloBuilder AddMosaicGrains(this ISiloBuilder builder, MosaicGrainsOptions options, double? workerMemoryGb = null)
    {
        options.Validate();
        var metadata = new Dictionary<string, string>
        {
            [WorkerDirectory.MetadataKey] = options.Worker,
            [WorkerDirectory.ModelsKey] = string.Join(',', options.Experts.Keys.Order(StringComparer.Ordinal)),
        };
        if (workerMemoryGb is { } memory)
        {
            metadata[WorkerDirectory.MemoryKey] = memory.ToString(CultureInfo.InvariantCulture);
        }

        builder.UseSiloMetadata(metadata);
        builder.AddPlacementDirector<WorkerPlacement, WorkerPlacementDirector>();
        builder.AddPlacementDirector<SiloPlacement, SiloPlacementDirector>();
        builder.AddPlacementDirector<FullPoolPlacement, FullPoolPlacementDirector>();
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton<WorkerDirectory>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WorkerDiscovery>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, DuplicateWorkerCheck>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<MosaicTelemetry>();
        builder.Services.AddSingleton<WorkerDevice>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WorkerShutdown>();
        builder.Services.AddHostedService<JobResumer>();
        builder.AddIncomingGrainCallFilter<StoreErrorFilter>();

        // A host that registers no durable store (a test cluster with memory grain storage) gets the in-memory one,
        // shared by every silo of this process with the same service id.
        builder.Services.TryAddSingleton<IJobStore>(services => JobStores.Create(
            new MosaicStorageOptions { Provider = MosaicStorageProvider.Memory }, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        builder.Services.AddSingleton(services => new OutcomeForwarder(
            services.GetRequiredService<IJobStore>(),
            jobId => services.GetRequiredService<IGrainFactory>().GetGrain<IAggregationGrain>(jobId),
            services.GetRequiredService<Serializer>(),
            services.GetRequiredService<IOptions<MosaicGrainsOptions>>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<OutcomeForwarder>>()));
        builder.Services.AddSingleton(services => new CallTextRelay(
            jobId => services.GetRequiredService<IGrainFactory>().GetGrain<IJobControl>(jobId),
            services.GetRequiredService<ILogger<CallTextRelay>>()));
        if (options.Backend == BackendKind.TorchSharp)
        {
            builder.Services.AddSingleton<IInferenceBackend, TorchSharpBackend>();
        }
        else
        {
            builder.Services.TryAddSingleton<IEmulatedJobSource, StoredEmulatedJobs>();
            builder.Services.AddSingleton<IInferenceBackend, EmulatedBackend>();
        }

        return builder;
    }
}
