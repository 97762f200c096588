using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mosaic.Client;
using Mosaic.Grains.Devices;
using Mosaic.Hosting;
using Mosaic.Storage;

namespace Mosaic.Benchmarks.Processes;

/// <summary>
/// A multi-process cluster for benchmarks and tests: starts one <c>Mosaic.Silo</c> process per worker, SIGKILLs any,
/// restarts a worker with the same id (on its old ports or new ones), connects Orleans clients through the membership
/// table, and tells which silo runs a job (from the silos' logs, so no client is needed). Disposing kills every
/// process it started.
/// </summary>
internal sealed partial class SiloCluster : IAsyncDisposable
{
    private const int StartAttempts = 3;

    private readonly object _lock = new();
    private readonly List<SiloProcess> _all = [];
    private readonly Dictionary<string, SiloProcess> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _jobSilo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _incarnations = new(StringComparer.Ordinal);

    private SiloCluster(SiloClusterOptions options) => Options = options;

    public SiloClusterOptions Options { get; }

    public IReadOnlyList<string> Workers => Options.Workers;

    /// <summary>Every process started so far, killed ones included, in start order.</summary>
    public IReadOnlyList<SiloProcess> AllProcesses
    {
        get
        {
            lock (_lock)
            {
                return [.. _all];
            }
        }
    }

    public static async Task<SiloCluster> StartAsync(SiloClusterOptions options, CancellationToken cancellationToken = default)
    {
        var cluster = new SiloCluster(options);
        try
        {
            // Once, before any silo: a database that cannot be reached fails here with one line.
            await SqlSchemaInstaller.ApplyAsync(options.Storage, cancellationToken);
            var ports = FreePorts.Take(2 * options.Silos);
            await Task.WhenAll(options.Workers.Select((worker, n) => cluster.LaunchUntilActiveAsync(worker, ports[2 * n], ports[2 * n + 1], cancellationToken)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The worker's current process (the newest incarnation), whether alive or killed.</summary>
    public SiloProcess this[string worker]
    {
        get
        {
            lock (_lock)
            {
                return _current[worker];
            }
        }
    }

    /// <summary>The live silo that became active first: the oldest member of the cluster.</summary>
    public SiloProcess? Oldest()
    {
        lock (_lock)
        {
            return _current.Values.Where(p => !p.HasExited && p.ActiveAt is not null).MinBy(p => p.ActiveAt);
        }
    }

    /// <summary>The worker whose silo last started or resumed the job (read from its log), or null if none has yet.</summary>
    public string? SiloOfJob(string jobId)
    {
        lock (_lock)
        {
            return _jobSilo.TryGetValue(jobId, out var worker) ? worker : null;
        }
    }

    /// <summary>SIGKILLs the worker's current process and waits until it is gone.</summary>
    public async Task<SiloProcess> KillAsync(string worker)
    {
        var process = this[worker];
        process.Kill();
        await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return process;
    }

    /// <summary>Starts the worker again with the same id, on its previous ports or on new ones, and waits until it is active.</summary>
    public async Task<SiloProcess> RestartAsync(string worker, bool newPorts, CancellationToken cancellationToken = default)
    {
        var previous = this[worker];
        if (!previous.HasExited)
        {
            throw new InvalidOperationException($"silo {worker} (pid {previous.Id}) is still running");
        }

        var (siloPort, gatewayPort) = newPorts ? TwoPorts() : (previous.Options.SiloPort, previous.Options.GatewayPort);
        return await LaunchUntilActiveAsync(worker, siloPort, gatewayPort, cancellationToken);
    }

    /// <summary>An Orleans client that finds the gateways through the cluster's membership table.</summary>
    public async Task<IHost> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.None);
        var storage = Options.Storage;
        var clustering = new MosaicClientOptions
        {
            Clustering = storage.Provider == MosaicStorageProvider.Postgres ? MosaicClustering.Postgres : MosaicClustering.Sqlite,
            ConnectionString = storage.ConnectionString,
            DataFolder = storage.DataFolder,
            ClusterId = storage.ClusterId,
            ServiceId = storage.ServiceId,
        };
        builder.UseOrleansClient(client => client.UseMosaicClustering(clustering));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Waits until every worker's grain answers through <paramref name="client"/> (membership and silo metadata have spread).</summary>
    public async Task WaitForWorkersAsync(IClusterClient client, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        foreach (var worker in Workers)
        {
            while (true)
            {
                try
                {
                    var status = await client.GetGrain<IWorkerGrain>(worker).GetStatusAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                    if (status.Worker == worker)
                    {
                        break;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(250, cancellationToken);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        SiloProcess[] all;
        lock (_lock)
        {
            all = [.. _all];
        }

        await Task.WhenAll(all.Select(p => p.DisposeAsync().AsTask()));
    }

    /// <summary>
    /// Starts the worker and waits until it is active. On a heavily loaded machine a joining silo may fail to answer
    /// the others' probes in time (membership declares it dead and Orleans stops it) or time out connecting to the
    /// database (exit code 1; the database was reached once before any silo started): it is started again, on new
    /// ports, a few times. A settings error (exit code 2) is not retried.
    /// </summary>
    private async Task<SiloProcess> LaunchUntilActiveAsync(string worker, int siloPort, int gatewayPort, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = Launch(worker, siloPort, gatewayPort);
            try
            {
                await process.WaitUntilActiveAsync(Options.StartTimeout, cancellationToken);
                return process;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && process.ExitCode is not (null or 2))
            {
                (siloPort, gatewayPort) = TwoPorts();
            }
        }
    }

    private SiloProcess Launch(string worker, int siloPort, int gatewayPort)
    {
        int incarnation;
        lock (_lock)
        {
            incarnation = _incarnations[worker] = _incarnations.GetValueOrDefault(worker) + 1;
        }

        var process = SiloProcess.Start(new SiloProcessOptions(worker, siloPort, gatewayPort)
        {
            Settings = Options.SharedSettings(),
            LogFile = Path.Combine(Options.LogFolder, $"{worker}-{incarnation}.log"),
            SiloPath = Options.SiloPath,
        });
        process.LineWritten += OnLine;
        lock (_lock)
        {
            _all.Add(process);
            _current[worker] = process;
        }

        return process;
    }

    private void OnLine(SiloProcess process, string line)
    {
        if (JobLine().Match(line) is { Success: true } match)
        {
            lock (_lock)
            {
                _jobSilo[match.Groups[1].Value] = process.Worker;
            }
        }
    }

    private static (int, int) TwoPorts()
    {
        var ports = FreePorts.Take(2);
        return (ports[0], ports[1]);
    }

    // JobGrain's lines when an activation takes the job: "Job <id> accepted: …" and "Job <id> generation <n> starts|resumes: …".
    [GeneratedRegex(@"\bJob (\S+) (?:accepted:|generation \d+ (?:starts|resumes):)")]
    private static partial Regex JobLine();
}
