using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mosaic.Grains.Hosting;
using Mosaic.Hosting.Pools;
using Mosaic.Storage;
using Orleans.Configuration;

namespace Mosaic.Hosting;

/// <summary>
/// Reads a silo's settings from appsettings.json, environment variables (<c>Mosaic__Worker=gpu1</c>) and the command
/// line (<c>--worker gpu1 --device cuda:1 --silo-port 11112 --gateway-port 30001 --admin-port 8082 --threads 4 --pool FILE</c>), and applies
/// them to the silo: one silo per GPU, clustering through the storage's membership table (SQLite by default).
/// </summary>
public sealed class SiloSettings
{
    /// <summary>A pool file (<c>--pool</c>, the format of <c>mosaic run --config</c>) that gives the silo its models.</summary>
    public const string PoolFileKey = $"{MosaicGrainsOptions.SectionName}:PoolFile";

    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--worker"] = "Mosaic:Worker",
        ["--device"] = "Mosaic:Device",
        ["--backend"] = "Mosaic:Backend",
        ["--silo-port"] = "Silo:SiloPort",
        ["--gateway-port"] = "Silo:GatewayPort",
        ["--primary-port"] = "Silo:PrimarySiloPort",
        ["--memory-gb"] = "Silo:WorkerMemoryGb",
        ["--admin-port"] = "Silo:AdminPort",
        ["--parent-pid"] = "Silo:ParentProcessId",
        ["--threads"] = "Mosaic:Threads",
        ["--pool"] = PoolFileKey,
    };

    /// <summary>The help <c>--help</c> (or <c>-h</c>) prints instead of starting a silo; null for any other command line.</summary>
    public static string? Help(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "-?")
        ? string.Join('\n',
        [
            "Mosaic.Silo: one worker silo of a Mosaic cluster, one per GPU (docs/deploy.md).",
            "",
            "Usage: Mosaic.Silo [options]",
            "",
            "Options (each also a setting, from appsettings.json or the environment):",
            .. Switches.Select(s => $"  {s.Key,-16} {s.Value} ({s.Value.Replace(":", "__", StringComparison.Ordinal)})"),
            "  --help, -h       print this help",
            "",
            "Any other setting as --Section:Key VALUE, e.g. --Mosaic:Storage:Provider postgres.",
        ])
        : null;

    private SiloSettings(MosaicGrainsOptions grains, int siloPort, int gatewayPort, int primaryPort, double? memoryGb, int adminPort, int? parentProcessId)
    {
        Grains = grains;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        PrimaryPort = primaryPort;
        MemoryGb = memoryGb;
        AdminPort = adminPort;
        ParentProcessId = parentProcessId;
    }

    public MosaicGrainsOptions Grains { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int PrimaryPort { get; }

    public double? MemoryGb { get; }

    /// <summary>The silo's admin HTTP port (health, readiness, metrics, dashboard); <c>Silo:AdminPort</c>, default 8081.</summary>
    public int AdminPort { get; }

    /// <summary>When set (<c>--parent-pid</c>), the silo stops once that process has exited.</summary>
    public int? ParentProcessId { get; }

    public static SiloSettings Load(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, Switches)
            .Build();
        var grains = new MosaicGrainsOptions();
        try
        {
            CheckEnum<BackendKind>(configuration, $"{MosaicGrainsOptions.SectionName}:Backend");
            foreach (var expert in configuration.GetSection($"{MosaicGrainsOptions.SectionName}:Experts").GetChildren())
            {
                CheckEnum<Mosaic.Scheduling.ExpertKind>(configuration, $"{expert.Path}:Kind");
            }

            configuration.GetSection(MosaicGrainsOptions.SectionName).Bind(grains);
            if (configuration[PoolFileKey] is { Length: > 0 } poolFile)
            {
                UsePool(grains, PoolConfigFile.Load(poolFile).Grains, new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args, Switches).Build());
            }

            grains.Validate();
            ModelFolders.Check(grains);
        }
        catch (ArgumentException e)
        {
            throw new SiloConfigurationException(e.Message);
        }
        catch (PoolFileException e)
        {
            throw new SiloConfigurationException($"--pool {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // The binder's own message names the key and the value ("Failed to convert configuration value 'x' at 'Mosaic:TimeScale' …").
            throw new SiloConfigurationException(OneLine(e.Message));
        }

        if (grains.Device.StartsWith("cuda:", StringComparison.Ordinal) && !int.TryParse(grains.Device["cuda:".Length..], out _))
        {
            throw new SiloConfigurationException($"Mosaic:Device '{grains.Device}' must be cpu, cuda, cuda:N or auto");
        }

        var siloPort = Port(configuration, "Silo:SiloPort", 11111);
        return new SiloSettings(
            grains,
            siloPort,
            Port(configuration, "Silo:GatewayPort", 30000),
            Port(configuration, "Silo:PrimarySiloPort", 11111),
            ReadMemoryGb(configuration),
            Port(configuration, "Silo:AdminPort", 8081),
            ParentId(configuration));
    }

    /// <summary>
    /// A warning for the operator, or null: libtorch on the CPU with every core (no <c>--threads</c>) is right for one
    /// silo per machine, but several silos of one machine then oversubscribe the cores. Two zoo silos on 2 cores ran an
    /// expert stage in 13.7 s this way against 1.0-1.7 s with <c>--threads 1</c> each (2026-12-04).
    /// </summary>
    public string? ThreadsWarning() =>
        Grains.Backend == BackendKind.TorchSharp && Grains.Threads == 0
        && (Grains.Device == "cpu" || (Grains.Device == "auto" && !Inference.TorchRuntime.CudaAvailable))
            ? $"libtorch will use all {Environment.ProcessorCount} cores of this machine (no --threads / Mosaic:Threads); "
                + "if other silos run on it, give each its share (--threads N), or the cores are oversubscribed and generation slows down several times"
            : null;

    /// <summary>
    /// Adds the command line (with the switches above) to a host's configuration, so settings given there — storage
    /// included — reach everything that reads the host's configuration, as they reach <see cref="Load"/>.
    /// </summary>
    public static void AddCommandLine(IConfigurationBuilder configuration, string[] args) => configuration.AddCommandLine(args, Switches);

    /// <summary>
    /// Installs (or checks) the database schema before Orleans starts, so an unreachable or misconfigured database is
    /// one clear line instead of a failed silo start.
    /// </summary>
    public static async Task PrepareStorageAsync(IConfiguration configuration)
    {
        MosaicStorageOptions storage;
        try
        {
            storage = MosaicStorageOptions.FromConfiguration(configuration);
            storage.Validate();
        }
        catch (MosaicStorageException e)
        {
            throw new SiloConfigurationException(e.Message);
        }

        if (storage.Provider != MosaicStorageProvider.Memory && storage.InstallSchema)
        {
            await SqlSchemaInstaller.ApplyAsync(storage);
        }
    }

    /// <summary>
    /// Fails with one line naming the first of the silo, gateway and admin ports that another process holds, before
    /// anything binds (all three are checked on every address, as the silo listens there with database clustering).
    /// </summary>
    public void CheckPorts()
    {
        foreach (var (port, key, flag) in new[] { (SiloPort, "Silo:SiloPort", "--silo-port"), (GatewayPort, "Silo:GatewayPort", "--gateway-port"), (AdminPort, "Silo:AdminPort", "--admin-port") })
        {
            if (ListenPorts.Problem(IPAddress.Any, port) is { } problem)
            {
                throw new SiloConfigurationException($"port {port} ({key}, {flag}) {problem}");
            }
        }
    }

    /// <summary>The Orleans silo name: <c>Silo:Name</c> (the pod name in Kubernetes), else the worker id.</summary>
    public string SiloName(IConfiguration configuration) => configuration["Silo:Name"] is { Length: > 0 } name ? name : Grains.Worker;

    /// <summary>
    /// Storage and clustering come from <c>Mosaic:Storage</c>: with database clustering (PostgreSQL, or SQLite with
    /// <c>SqliteClustering</c>) the silos meet in its membership table and advertise <c>Silo:AdvertisedIp</c> (the pod
    /// IP in Kubernetes, loopback by default); otherwise localhost clustering joins the silos of one machine.
    /// </summary>
    public ISiloBuilder Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        MosaicStorageOptions storage;
        try
        {
            storage = MosaicStorageOptions.FromConfiguration(configuration);
            silo.AddMosaicStorage(storage);
        }
        catch (MosaicStorageException e)
        {
            throw new SiloConfigurationException(e.Message);
        }

        if (storage.UsesDatabaseClustering)
        {
            var advertised = configuration["Silo:AdvertisedIp"] is { Length: > 0 } ip
                ? IPAddress.TryParse(ip, out var address) ? address : throw new SiloConfigurationException($"Silo:AdvertisedIp '{ip}' is not an IP address")
                : IPAddress.Loopback;
            silo.ConfigureEndpoints(advertised, SiloPort, GatewayPort, listenOnAnyHostAddress: true);
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (storage.ClusterId, storage.ServiceId));
            silo.UseMosaicMembershipDefaults();
        }
        else
        {
            // Development only: the primary silo holds the membership, so losing it loses the cluster.
            silo.UseLocalhostClustering(SiloPort, GatewayPort, new IPEndPoint(IPAddress.Loopback, PrimaryPort));
        }

        silo.Configure<SiloOptions>(o => o.SiloName = SiloName(configuration));
        silo.AddMosaicGrains(Grains, MemoryGb);
        var worker = Grains.Worker;
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => ActivatorUtilities.CreateInstance<SiloReadyLog>(services, worker));
        if (ParentProcessId is { } parent)
        {
            silo.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ParentProcessWatch>(services, parent));
        }

        return silo;
    }

    /// <summary>
    /// The pool file's models replace the configured experts (appsettings.json's emulated paper experts are not
    /// merged in), and its backend, device and planning settings apply unless the environment or the command line
    /// sets them (<c>--device cuda</c> on a GPU host serving a pool written for CPU).
    /// </summary>
    private static void UsePool(MosaicGrainsOptions grains, MosaicGrainsOptions pool, IConfiguration given)
    {
        bool Given(string name) => given[$"{MosaicGrainsOptions.SectionName}:{name}"] is { Length: > 0 };
        grains.Experts = pool.Experts;
        grains.Backend = Given(nameof(grains.Backend)) ? grains.Backend : pool.Backend;
        grains.Device = Given(nameof(grains.Device)) ? grains.Device : pool.Device;
        grains.TimeScale = Given(nameof(grains.TimeScale)) ? grains.TimeScale : pool.TimeScale;
        grains.MaxModelsPerWorker = Given(nameof(grains.MaxModelsPerWorker)) ? grains.MaxModelsPerWorker : pool.MaxModelsPerWorker;
        grains.PlanTimeLimitMs = Given(nameof(grains.PlanTimeLimitMs)) ? grains.PlanTimeLimitMs : pool.PlanTimeLimitMs;
        grains.CalibrateSpeed = Given(nameof(grains.CalibrateSpeed)) ? grains.CalibrateSpeed : pool.CalibrateSpeed;
    }

    /// <summary>An enum setting that names no member would otherwise surface as the binder's exception with a stack trace.</summary>
    private static void CheckEnum<TEnum>(IConfiguration configuration, string key)
        where TEnum : struct, Enum
    {
        if (configuration[key] is { Length: > 0 } value
            && (!Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(value, out _)))
        {
            var names = Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant());
            throw new SiloConfigurationException($"{key} '{value}' must be one of {string.Join(", ", names)}");
        }
    }

    private static double? ReadMemoryGb(IConfiguration configuration)
    {
        if (configuration["Silo:WorkerMemoryGb"] is not { Length: > 0 } value)
        {
            return null;
        }

        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var gb) && gb > 0 && double.IsFinite(gb)
            ? gb
            : throw new SiloConfigurationException($"Silo:WorkerMemoryGb must be a positive number of GB, got '{value}'");
    }

    private static int? ParentId(IConfiguration configuration)
    {
        if (configuration["Silo:ParentProcessId"] is not { Length: > 0 } value)
        {
            return null;
        }

        return int.TryParse(value, out var id) && id > 0
            ? id
            : throw new SiloConfigurationException($"Silo:ParentProcessId must be a process id, got '{value}'");
    }

    private static string OneLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    private static int Port(IConfiguration configuration, string key, int fallback)
    {
        var value = configuration[key];
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, out var port) && port is > 0 and < 65536
            ? port
            : throw new SiloConfigurationException($"{key} must be a TCP port, got '{value}'");
    }
}
