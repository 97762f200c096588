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
try
{
    await app.RunAsync();
}
catch (Exception e) when (BindFailure.Message(e) is { } message)
{
    Console.Error.WriteLine($"error: {message}");
    return 1;
}

return 0;
