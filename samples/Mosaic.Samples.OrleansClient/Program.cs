using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Mosaic.Abstractions;
using Mosaic.Client;
using Mosaic.Samples.OrleansClient;

// dotnet run --project samples/Mosaic.Samples.OrleansClient -- [--gateway-ports 30000,30001] [--cluster-id ID] [--service-id ID]
//     [--experts a,b,c] [--aggregator NAME] [--questions 12]
// With Mosaic__Storage__Provider=postgres (and its connection string) in the environment it finds the silos through the
// membership table instead, as the silos do.
SampleArguments arguments;
try
{
    arguments = SampleArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n{SampleArguments.Usage}");
    return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });

// stdout is the sample's output; the client's logs go to stderr, warnings and errors only
// (Logging__LogLevel__Default=Information shows Orleans' start-up lines again)
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
// A start that fails is said below in one line, not also in the host's log with a stack trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
var cluster = MosaicClientOptions.FromConfiguration(builder.Configuration);
if (arguments.GatewayPorts is { } ports)
{
    cluster.Clustering = MosaicClustering.Localhost;
    cluster.GatewayPorts = ports;
}

cluster.ClusterId = arguments.ClusterId ?? cluster.ClusterId;
cluster.ServiceId = arguments.ServiceId ?? arguments.ClusterId ?? cluster.ServiceId; // as --cluster-id unless given, as mosaic run takes them
builder.AddMosaicClient(cluster);
using var host = builder.Build();
try
{
    // A cluster that does not answer (not started, or another cluster id) fails the start after the client's
    // ConnectTimeout (20 s; Mosaic__Client__ConnectTimeout) with one line naming the cluster and why.
    await host.StartAsync();
}
catch (ClusterUnavailableException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

SampleSummary summary;
try
{
    summary = await OrleansClientSample.RunAsync(host.Services.GetRequiredService<IMosaicClient>(), arguments.Options, Console.Out);
}
catch (JobRejectedException e)
{
    // The cluster says why in one line: an expert it does not serve, no questions, ...
    Console.Error.WriteLine($"error: the cluster refused the job: {e.Message}");
    return 2;
}
catch (Exception e) when (e is ClusterUnavailableException or JobStoreException)
{
    // No silo answered for the client's patience (Mosaic__Client__ClusterPatience), or the cluster's job store failed;
    // each says so in one line. A job the cluster accepted goes on without this client: its id is printed above.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

await host.StopAsync();
return summary.Answered == summary.Questions ? 0 : 1;
