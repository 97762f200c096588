using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Log levels for a gateway that sets none, as the lowest-priority source (Logging__LogLevel__Default=Debug still wins).
// Not an appsettings.json: it would be copied into every project that references the gateway (the CLI's serve).
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Mosaic"] = "Information",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    },
});
try
{
    builder.AddMosaicGateway(new GatewaySetup { KeepBindFailure = true });
}
catch (GatewayConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

// After a bind failure the server stops the host, which cancels the cluster client's start; the host would log that
// cancellation as "Hosting failed to start", stack trace and all, beside the one line below.
ServerStartWatch? server = null;
// Likewise a stop signal during the start cancels it, and the host logs that as "Hosting failed to start" with a
// stack trace beside the one line below. A rule for the host's category alone: a rule without a category would
// replace appsettings.json's levels for every category.
IHostApplicationLifetime? lifetime = null;
builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Warning
    && (level < LogLevel.Error || (server?.BindError is null && lifetime?.ApplicationStopping.IsCancellationRequested != true)));
var app = builder.Build();
lifetime = app.Lifetime;
app.MapMosaicGateway();
server = app.Services.GetRequiredService<IServer>() as ServerStartWatch;
// Orleans' client says only "Could not find any gateway" while it cannot reach the cluster: the ids it looks for are
// the first thing to check, so they are said once here.
var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
app.Logger.LogInformation("Cluster client of cluster id '{ClusterId}', service id '{ServiceId}'", cluster.ClusterId, cluster.ServiceId);
try
{
    // Before the host starts, as the silo does: a store that cannot be reached is the one line below, not also the host's
    // "Hosting failed to start" log with its stack trace (the host's start then finds the scripts applied).
    await app.Services.GetRequiredService<SchemaInstaller>().EnsureAppliedAsync(CancellationToken.None);
    await app.RunAsync();
}
catch (MosaicStorageException e)
{
    // The store cannot be reached or its schema installed (wrong password, no such database): the message names it.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (Exception e) when (server?.BindError is null
    && (e is OperationCanceledException || e is AggregateException a && a.Flatten().InnerExceptions.All(i => i is OperationCanceledException)))
{
    // SIGTERM or Ctrl+C while the cluster client was still connecting (the host's start, given no token of ours, is
    // cancelled by nothing else; several services cancelled come as one AggregateException): a clean stop, not a crash.
    Console.Error.WriteLine("stopped before the cluster answered");
    return 0;
}
catch (Exception) when (server?.BindError is not null)
{
    // The port was taken: the server stopped the host, which cancelled the cluster client's start; whatever that start
    // threw on the way out is a consequence, and the bind failure is reported below.
}

if (server?.BindError is { } bindError)
{
    Console.Error.WriteLine($"error: {bindError}");
    return 1;
}

return 0;

internal static partial class Program
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
}
