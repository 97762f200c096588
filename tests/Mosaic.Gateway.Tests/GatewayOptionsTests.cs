using Microsoft.Extensions.Configuration;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Tests;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void EmptyOtlpEndpoint_AsTheKubernetesPlaceholderSetsIt_IsOff()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"{GatewayOptions.SectionName}:OtlpEndpoint"] = "" }).Build();

        var options = GatewayOptions.FromConfiguration(configuration).Validate();

        Assert.Null(options.OtlpEndpoint);
    }
}
