using Microsoft.Extensions.Hosting;
using Mosaic.Hosting;
using Mosaic.Storage;

try
{
    var settings = SiloSettings.Load(args);
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
    SiloSettings.AddCommandLine(builder.Configuration, args);
    await SiloSettings.PrepareStorageAsync(builder.Configuration);
    builder.UseOrleans(silo => settings.Configure(silo, builder.Configuration));
    await builder.Build().RunAsync();
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
