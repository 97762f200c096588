using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Mosaic.Grains.Backends;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Grains.Telemetry;
using Orleans.Serialization;

namespace Mosaic.Grains.Tests;

/// <summary>
/// One worker device as a silo has it (real device, forwarder, backend and Orleans serializer), with the job store and
/// the aggregation grain replaced by test doubles.
/// </summary>
internal sealed class DeviceHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IInferenceBackend _inner;
    private bool _disposed;

    /// <param name="textRelayInterval">How often streamed texts are sent to the job (the relay's own interval by default).</param>
    public DeviceHarness(MosaicGrainsOptions options, Func<MosaicGrainsOptions, IInferenceBackend>? backend = null, TimeSpan? textRelayInterval = null)
    {
        Options = options;
        _services = new ServiceCollection().AddMetrics().AddSerializer(b => b.AddAssembly(typeof(CallOutcome).Assembly)).BuildServiceProvider();
        Serializer = _services.GetRequiredService<Serializer>();
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        _inner = backend?.Invoke(options) ?? new EmulatedBackend(wrapped, TimeProvider.System, new TestJobs());
        Backend = new CountingBackend(_inner);
        Forwarder = new OutcomeForwarder(Store, _ => Aggregation, Serializer, wrapped, TimeProvider.System, NullLogger<OutcomeForwarder>.Instance);
        Telemetry = new MosaicTelemetry(_services.GetRequiredService<IMeterFactory>(), wrapped, TimeProvider.System);
        Device = new WorkerDevice(Backend, Forwarder, new CallTextRelay(_ => Job, NullLogger<CallTextRelay>.Instance, textRelayInterval), wrapped, TimeProvider.System, Telemetry, NullLogger<WorkerDevice>.Instance);
    }

    public MosaicGrainsOptions Options { get; }

    public JobStoreDouble Store { get; } = new();

    public AggregationDouble Aggregation { get; } = new();

    public JobControlDouble Job { get; } = new();

    public Serializer Serializer { get; }

    /// <summary>The device's metrics, on a meter of its own (this harness's meter factory).</summary>
    public MosaicTelemetry Telemetry { get; }

    public CountingBackend Backend { get; }

    public OutcomeForwarder Forwarder { get; }

    public WorkerDevice Device { get; }

    /// <summary>Polls until <paramref name="condition"/> holds (the device works on its own tasks).</summary>
    public static Task Until(Func<bool> condition, string what) => Until(condition, what, () => "", TimeSpan.FromSeconds(20));

    /// <summary>
    /// Polls until <paramref name="condition"/> holds or <paramref name="patience"/> runs out; the timeout's message ends
    /// with <paramref name="state"/>, read at that moment, so a failure on a loaded CI machine says what it saw.
    /// </summary>
    public static async Task Until(Func<bool> condition, string what, Func<string> state, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out after {patience.TotalSeconds:0} s waiting until {what}{state()}");
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Device.DisposeAsync();
        await Forwarder.DisposeAsync();
        if (_inner is IDisposable disposable)
        {
            disposable.Dispose();
        }

        await _services.DisposeAsync();
    }
}
