using Microsoft.AspNetCore.Builder;
using Mosaic.Grains.Placement;
using Mosaic.Hosting;
using Mosaic.Silo.Admin;
using Mosaic.Storage;

if (SiloSettings.Help(args) is { } help)
{
    Console.WriteLine(help); // used to start a silo on the default ports
    return 0;
}

try
{
    var settings = SiloSettings.Load(args);
    if (settings.ThreadsWarning() is { } warning)
    {
        Console.Error.WriteLine($"warning: {warning}");
    }
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
    SiloSettings.AddCommandLine(builder.Configuration, args);
    var admin = SiloAdminOptions.From(builder.Configuration, builder.Environment, settings.AdminPort);
    await SiloSettings.PrepareStorageAsync(builder.Configuration);
    settings.CheckPorts();
    builder.AddSiloAdmin(admin, settings.SiloName(builder.Configuration));
    builder.UseOrleans(silo => settings.Configure(silo, builder.Configuration).AddSiloAdmin(admin));
    var app = builder.Build();
    app.MapSiloAdmin(admin);
    await app.RunAsync();
    return 0;
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
catch (MosaicStorageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (Exception e) when (StartCancellation.Is(e))
{
    // SIGTERM or Ctrl+C while the silo was still joining the cluster (nothing else cancels the host's start; several
    // services cancelled come as one AggregateException): a clean stop, not a crash.
    Console.Error.WriteLine("stopped before the silo joined the cluster");
    return 0;
}
catch (Exception e) when (ListenPorts.IsAddressInUse(e))
{
    // Free at the check above, taken before Orleans or Kestrel bound it.
    Console.Error.WriteLine($"error: a port of this silo was taken by another process as it started (the log above names the listener): {e.Message}");
    return 1;
}
catch (Exception e) when (Causes(e).OfType<DuplicateWorkerException>().FirstOrDefault() is { } duplicate)
{
    Console.Error.WriteLine($"error: {duplicate.Message}");
    return 2;
}
catch (OrleansException e)
{
    // Its membership could not be read: a primary silo nobody runs, a membership store that refuses it (Orleans gives up
    // after its retries, sometimes within a second).
    Console.Error.WriteLine($"error: the silo could not join the cluster: {ErrorText.FirstLine(e.Message)}");
    return 1;
}

/// <summary>The exception and every inner one (Orleans wraps a failed start stage's error in its own).</summary>
static IEnumerable<Exception> Causes(Exception e) =>
    e is AggregateException aggregate
        ? aggregate.InnerExceptions.SelectMany(Causes).Prepend(e)
        : e.InnerException is { } inner ? Causes(inner).Prepend(e) : [e];
