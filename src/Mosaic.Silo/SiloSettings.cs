using System.Net;
using Microsoft.Extensions.Configuration;
using Mosaic.Grains.Hosting;

namespace Mosaic.Silo;

/// <summary>
/// Reads a silo's settings from appsettings.json, environment variables (<c>Mosaic__Worker=gpu1</c>) and the command
/// line (<c>--worker gpu1 --device cuda:1 --silo-port 11112 --gateway-port 30001</c>), and applies them to the silo:
/// one silo per GPU, localhost clustering for development (the first silo port is the primary).
/// </summary>
public sealed class SiloSettings
{
    private static readonly Dictionary<string, string> Switches = new()
    {
        ["--worker"] = "Mosaic:Worker",
        ["--device"] = "Mosaic:Device",
        ["--backend"] = "Mosaic:Backend",
        ["--silo-port"] = "Silo:SiloPort",
        ["--gateway-port"] = "Silo:GatewayPort",
        ["--primary-port"] = "Silo:PrimarySiloPort",
        ["--memory-gb"] = "Silo:WorkerMemoryGb",
    };

    private SiloSettings(MosaicGrainsOptions grains, int siloPort, int gatewayPort, int primaryPort, double? memoryGb)
    {
        Grains = grains;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        PrimaryPort = primaryPort;
        MemoryGb = memoryGb;
    }

    public MosaicGrainsOptions Grains { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int PrimaryPort { get; }

    public double? MemoryGb { get; }

    public static SiloSettings Load(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, Switches)
            .Build();
        var grains = new MosaicGrainsOptions();
        configuration.GetSection(MosaicGrainsOptions.SectionName).Bind(grains);
        try
        {
            grains.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SiloConfigurationException(e.Message);
        }

        if (grains.Device.StartsWith("cuda:", StringComparison.Ordinal))
        {
            // One silo per GPU: the silo sees only its own device, which TorchSharp then calls cuda.
            Environment.SetEnvironmentVariable("CUDA_VISIBLE_DEVICES", grains.Device["cuda:".Length..]);
        }

        var siloPort = Port(configuration, "Silo:SiloPort", 11111);
        return new SiloSettings(
            grains,
            siloPort,
            Port(configuration, "Silo:GatewayPort", 30000),
            Port(configuration, "Silo:PrimarySiloPort", 11111),
            configuration.GetValue<double?>("Silo:WorkerMemoryGb"));
    }

    public void Configure(ISiloBuilder silo, IConfiguration configuration)
    {
        silo.UseLocalhostClustering(SiloPort, GatewayPort, new IPEndPoint(IPAddress.Loopback, PrimaryPort));
        silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = Grains.Worker);
        silo.AddMemoryGrainStorage(MosaicStorageNames.Grains);
        silo.AddMosaicGrains(Grains, MemoryGb);
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
