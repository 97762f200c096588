using Mosaic.Gateway.Hosting;
using Mosaic.Storage;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddMosaicGateway();
}
catch (GatewayConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

var app = builder.Build();
app.MapMosaicGateway();
try
{
    // Before the host starts, as the silo does: a store that cannot be reached is the one line below, not also the host's
    // "Hosting failed to start" log with its stack trace (the host's start then finds the scripts applied).
    await app.Services.GetRequiredService<SchemaInstaller>().EnsureAppliedAsync(CancellationToken.None);
    await app.RunAsync();
}
catch (Exception e) when (BindFailure.Message(e) is { } message)
{
    Console.Error.WriteLine($"error: {message}");
    return 1;
}
catch (MosaicStorageException e)
{
    // The store cannot be reached or its schema installed (wrong password, no such database): the message names it.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (Exception e) when (e is OperationCanceledException || e is AggregateException a && a.Flatten().InnerExceptions.All(i => i is OperationCanceledException))
{
    // SIGTERM or Ctrl+C while the cluster client was still connecting (the host's start, given no token of ours, is
    // cancelled by nothing else; several services cancelled come as one AggregateException): a clean stop, not a crash.
    Console.Error.WriteLine("stopped before the cluster answered");
    return 0;
}

return 0;

