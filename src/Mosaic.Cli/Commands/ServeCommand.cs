using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Mosaic.Cli.Batch;
using Mosaic.Gateway.Health;
using Mosaic.Gateway.Hosting;
using Mosaic.Grains.Hosting;
using Mosaic.Hosting;
using Mosaic.Hosting.Pools;
using Mosaic.Storage;
using Mosaic.Zoo;
using static System.FormattableString;

namespace Mosaic.Cli.Commands;

/// <summary>
/// <c>mosaic serve</c>: an embedded cluster (in-process worker silos, SQLite storage in the data folder) and the
/// OpenAI-compatible gateway in one process, or with <c>--cluster</c> the gateway alone in front of running silo
/// processes (which serve the pool file's models with <c>--pool</c>). Prints the URL once every worker is up and the gateway listens; Ctrl+C
/// (or SIGTERM) stops the gateway, then the silos. Jobs, files and batches are kept in the data folder under service
/// id "mosaic", so a restarted <c>mosaic serve</c> finds them (running jobs resume).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var port = new Option<int>("--port") { Description = "HTTP port of the gateway (0 picks a free one)", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var workers = new Option<int?>("--workers") { Description = "worker silos, one per GPU (default: the pool file's workers, 2 for the zoo)" };
        var orleansPort = new Option<int?>("--orleans-port")
        {
            Description = "first Orleans port of the embedded cluster (worker n: silo port P+2n, gateway port P+2n+1), with a fixed cluster id, so Orleans clients keep one address across restarts (default: free ports, a new cluster id per start)",
        };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "pool file, the same format as mosaic run --config (docs/demo.md); default: the pool.json of the --zoo folder",
        };
        var zoo = new Option<string?>("--zoo") { Description = "zoo folder whose pool.json is served without --config (default: models/zoo of the repository)" };
        var data = new Option<string?>("--data") { Description = "folder of the embedded cluster's SQLite database (default: data)" };
        var cluster = new Option<string?>(ClusterAddress.OptionName)
        {
            Description = "serve a running cluster instead of starting workers: localhost:PORT[,PORT...], sqlite:FOLDER or postgres:CONNECTION-STRING (its silos serve the pool's models; "
                + $"default: ${ClusterAddress.EnvironmentVariable} when set)",
        };
        var clusterId = new Option<string?>("--cluster-id") { Description = "the running cluster's Orleans cluster id (default: the silos' own, default for localhost: and mosaic for sqlite: or postgres:)" };
        var serviceId = new Option<string?>("--service-id") { Description = "the running cluster's Orleans service id (default: the silos' own, as for --cluster-id)" };
        var keys = new Option<string[]>("--api-key") { Description = "require this Bearer key on /v1 (repeatable); none: open, for this machine", AllowMultipleArgumentsPerToken = false };
        var origins = new Option<string[]>("--allowed-origin")
        {
            Description = "let web pages of this origin call the API from a browser (CORS; repeatable; e.g. http://localhost:3000, or * for any); none: no CORS headers",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<bool>("--json") { Description = "announce readiness as one JSON object (url, models, Orleans gateway ports and ids) on stdout" };
        var warmUp = new Option<bool>("--warm-up")
        {
            Description = "before answering, run a full batch of each expert on every worker so that no user's job runs a model cold (real models only; --warm-up false skips it)",
            DefaultValueFactory = _ => true,
        };
        var command = new Command("serve", "Serve the pool on an embedded cluster (or a running one) behind the OpenAI-compatible gateway (chat, files, batches, jobs).")
        {
            port, host, workers, orleansPort, config, zoo, data, cluster, clusterId, serviceId, keys, origins, json, warmUp,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var running = ClusterAddress.FromOptionOrEnvironment(parsed.GetValue(cluster), parsed.GetValue(clusterId), parsed.GetValue(serviceId));
            var settings = Settings(
                parsed.GetValue(port), parsed.GetValue(host)!, parsed.GetValue(workers), parsed.GetValue(orleansPort), parsed.GetValue(config), parsed.GetValue(zoo), parsed.GetValue(data), running,
                parsed.GetValue(keys) ?? [], parsed.GetValue(origins) ?? []);
            using var stop = new StopSignals();
            RunAsync(settings, parsed.GetValue(json), parsed.GetValue(warmUp), stdout, stderr, stop.Token).GetAwaiter().GetResult();
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task RunAsync(ServeSettings settings, bool json, bool warmUp, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        if (settings.ApiKeys.Count == 0 && !IPAddress.IsLoopback(settings.Address))
        {
            stderr.WriteLine($"serve: warning: listening on {settings.Host} without --api-key: anyone who can reach this machine on that port can use the pool");
        }

        CheckGatewaySettings();
        await using var served = await ServedCluster.StartAsync(settings, stderr, stop);
        warmUp &= settings.Grains.Backend != BackendKind.Emulated;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = settings.ApiKeys.Count > 0 ? "Production" : "Development",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The address, not the name: Kestrel cannot bind localhost to port 0 (a free port), an address it can.
        builder.WebHost.UseUrls($"http://{(settings.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{settings.Address}]" : settings.Address)}:{settings.Port}");
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        // JSON lines (Logging__Console__FormatterName=json) carry the silos' timestamp, unless the configuration sets its own.
        builder.Services.Configure<JsonConsoleFormatterOptions>(json =>
        {
            if (json.TimestampFormat is null)
            {
                (json.TimestampFormat, json.UseUtcTimestamp) = ("yyyy-MM-ddTHH:mm:ss.fffZ", true);
            }
        });
        builder.Logging.AddFilter(typeof(GatewayWarmUp).FullName, LogLevel.Warning); // serve reports the warm-up in its own lines
        if (builder.Configuration[$"Logging:LogLevel:{AccessLogMiddleware.Category}"] is null)
        {
            // Each request's line, as the standalone gateway writes them; Logging__LogLevel__Mosaic.Gateway.AccessLog=Warning silences them.
            builder.Logging.AddFilter(AccessLogMiddleware.Category, LogLevel.Information);
        }
        builder.AddMosaicGateway(new GatewaySetup
        {
            Cluster = served.Client,
            Storage = served.Store,
            ServiceId = served.Client.EffectiveServiceId,
            // Mosaic:Gateway from the environment (Mosaic__Gateway__ChatTimeout=00:02:00, …) as for the standalone gateway;
            // the flags add keys and origins (it took the flags alone until 2026-12-05).
            AdjustGateway = gateway =>
            {
                gateway.ApiKeys = [.. gateway.ApiKeys, .. settings.ApiKeys];
                gateway.RequireApiKey = gateway.ApiKeys.Count > 0;
                gateway.AllowedOrigins = [.. gateway.AllowedOrigins, .. settings.AllowedOrigins];
                gateway.WarmUp = warmUp;
                gateway.WarmUpBatchSize = settings.Grains.MaxBatchSize;
            },
            Pool = settings.Pool,
        });
        await using var app = builder.Build();
        app.MapMosaicGateway();
        try
        {
            await app.StartAsync(stop);
        }
        catch (Exception e) when (ListenPorts.IsAddressInUse(e))
        {
            throw new UsageException($"--port {settings.Port} on {settings.Host} was taken by another process while the workers started; choose another port, or --port 0 for a free one");
        }
        catch (Exception e) when (StartCancellation.Is(e))
        {
            // SIGTERM or Ctrl+C while the gateway's client was still connecting: the host's own signal handling cancels
            // its start (several services cancelled come as one AggregateException), perhaps before our token says so.
            stderr.WriteLine("serve: stopped before the cluster answered");
            return;
        }

        if (warmUp)
        {
            await WarmUpAsync(app.Services.GetRequiredService<WarmUpState>(), settings, stderr, stop);
        }

        var url = app.Urls.First().TrimEnd('/');
        var (clusterId, serviceId) = (served.Client.EffectiveClusterId, served.Client.EffectiveServiceId);
        stderr.WriteLine($"serve: Orleans clients join {served.Address.Shown}, cluster id {clusterId}, service id {serviceId}: "
            + $"mosaic run --cluster {(served.Address.Shown.Contains(';', StringComparison.Ordinal) ? $"'{served.Address.Shown}'" : served.Address.Shown)} --cluster-id {clusterId} --service-id {serviceId}");
        if (json)
        {
            JsonOutput.Write(stdout, new
            {
                url = $"{url}/v1",
                workers = served.Workers,
                models = settings.Pool.ModelIds,
                cluster = served.Address.Shown,
                gateway_ports = served.Client.Clustering == Client.MosaicClustering.Localhost ? served.Client.GatewayPorts : null,
                cluster_id = clusterId,
                service_id = serviceId,
            });
        }
        else
        {
            stdout.WriteLine($"Mosaic is serving at {url}/v1 ({served.Description}; models: {string.Join(", ", settings.Pool.ModelIds)}). Ctrl+C stops.");
        }

        stdout.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }

        stderr.WriteLine("serve: stopping");
        await app.StopAsync(CancellationToken.None);
        (json ? stderr : stdout).WriteLine("Mosaic stopped.");
    }

    /// <summary>The gateway runs the pool's warm-up jobs (<see cref="GatewayOptions.WarmUp"/>); serve announces itself once they have ended.</summary>
    private static async Task WarmUpAsync(WarmUpState warmUp, ServeSettings settings, TextWriter stderr, CancellationToken stop)
    {
        stderr.WriteLine($"serve: warming up: a batch of {settings.Grains.MaxBatchSize} calls of each of {settings.Pool.Experts.Count} experts and of the aggregator on each worker");
        var clock = Stopwatch.StartNew();
        if (await warmUp.Ended.WaitAsync(stop) is not { } reports)
        {
            stderr.WriteLine("serve: warning: the warm-up did not run to the end (the log above says why); serving without it");
            return;
        }

        // Why calls failed is the gateway's warning (its warnings pass the filter; its information does not).
        var failed = reports.Sum(r => r.FailedCalls) is > 0 and var count ? Invariant($", {count} failed: the gateway's warning says why") : "";
        stderr.WriteLine(Invariant($"serve: warmed up in {clock.Elapsed.TotalSeconds:0.0} s ({reports.Count} jobs, {reports.Sum(r => r.Questions)} expert calls, {reports.Sum(r => r.AggregatorCalls)} aggregator calls{failed})"));
    }

    private static ServeSettings Settings(
        int port, string host, int? workers, int? orleansPort, FileInfo? config, string? zoo, string? data, ClusterAddress? cluster, string[] keys, string[] origins)
    {
        if (cluster is not null && (workers is not null || data is not null || orleansPort is not null))
        {
            throw new UsageException($"--workers, --orleans-port and --data are for the embedded cluster; with {cluster.Source} the running cluster's silos are the workers and hold the data");
        }

        if (port is < 0 or > 65535)
        {
            throw new UsageException($"--port must be between 0 and 65535, got {port}");
        }

        if (workers < 1)
        {
            throw new UsageException($"--workers must be at least 1, got {workers}");
        }

        var address = ListenAddress(host);
        if (port != 0 && ListenPorts.Problem(address, port) is { } problem)
        {
            throw new UsageException($"--port {port} on {host} {problem}; choose another port, or --port 0 for a free one");
        }

        data ??= "data";
        if (cluster is null)
        {
            OutputFiles.CheckWritableFolder("--data", data);
            // Before any worker starts (the embedded cluster takes the lock itself, in case another takes it meanwhile).
            StoreLock.ThrowIfHeld(Path.GetFullPath(Path.Combine(data, MosaicStorage.SqliteFileName)));
        }

        if (keys.Any(string.IsNullOrWhiteSpace))
        {
            throw new UsageException("--api-key must not be blank");
        }

        if (origins.FirstOrDefault(origin => !GatewayOptions.IsOrigin(origin)) is { } wrong)
        {
            throw new UsageException($"--allowed-origin '{wrong}' is not an origin: give scheme, host and port only (http://localhost:3000, https://chat.example.com) or *");
        }

        if (config is null)
        {
            if (zoo is not null && !Directory.Exists(zoo))
            {
                throw new UsageException($"zoo folder '{Path.GetFullPath(zoo)}' does not exist");
            }

            var zooDirectory = Path.GetFullPath(zoo ?? ZooPaths.DefaultDirectory());
            config = new FileInfo(Path.Combine(zooDirectory, PoolConfigFile.ZooFileName));
            if (!config.Exists)
            {
                throw new UsageException($"no pool: the zoo folder '{zooDirectory}' has no {PoolConfigFile.ZooFileName}; pass --zoo DIR or --config pool.json");
            }
        }
        else if (zoo is not null)
        {
            throw new UsageException("--zoo and --config exclude each other");
        }
        else if (!config.Exists)
        {
            throw new UsageException($"pool file '{config.FullName}' does not exist");
        }

        var pool = PoolConfigFile.Load(config.FullName);
        try
        {
            var count = workers ?? pool.Workers;
            CheckOrleansPorts(orleansPort, count);
            return new ServeSettings(port, host, address, count, data, cluster, keys, origins, pool.Grains, GatewayPools.From(pool), orleansPort);
        }
        catch (GatewayConfigurationException e)
        {
            throw new UsageException($"{config.FullName}: {e.Message}");
        }
    }

    /// <summary>
    /// The address <c>--host</c> names: an IP address, or loopback for localhost. Kestrel would listen on every address
    /// for any other name, so an open (keyless) gateway meant for this machine would be open to the network.
    /// </summary>
    private static IPAddress ListenAddress(string host) =>
        IPAddress.TryParse(host, out var address) ? address
        : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : throw new UsageException($"--host must be an IP address (127.0.0.1, 0.0.0.0, ::1, …) or localhost, got '{host}'");

    /// <summary>The embedded cluster's fixed Orleans ports, when asked for, are in range and free now.</summary>
    private static void CheckOrleansPorts(int? first, int workers)
    {
        if (first is not { } start)
        {
            return;
        }

        if (!EmbeddedClusterOptions.PortsFit(start, workers))
        {
            throw new UsageException($"--orleans-port {start}: {workers} workers need {2 * workers} ports from it, up to 65535");
        }

        foreach (var port in Enumerable.Range(start, 2 * workers))
        {
            if (ListenPorts.Problem(IPAddress.Any, port) is { } problem)
            {
                throw new UsageException($"--orleans-port {start}: port {port} (of {start}–{start + 2 * workers - 1}) {problem}; choose another first port");
            }
        }
    }

    /// <summary>
    /// Mosaic:Gateway as the environment sets it, checked before any worker starts: a value that does not convert or is
    /// out of range is one line and exit code 2 (it was an internal error once the workers had started).
    /// </summary>
    private static void CheckGatewaySettings()
    {
        var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        try
        {
            GatewayOptions.FromConfiguration(environment).Validate();
        }
        catch (Exception e) when (e is InvalidOperationException or GatewayConfigurationException)
        {
            throw new UsageException(TypeWords.Plain(e.Message));
        }
    }
}
