using Mosaic.Gateway.Hosting;

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
await app.RunAsync();
return 0;
