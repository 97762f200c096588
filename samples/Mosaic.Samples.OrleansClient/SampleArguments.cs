namespace Mosaic.Samples.OrleansClient;

/// <summary>The sample's command line.</summary>
internal sealed record SampleArguments(IList<int>? GatewayPorts, string? ClusterId, string? ServiceId, SampleOptions Options)
{
    public static SampleArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        return new SampleArguments(
            values.TryGetValue("--gateway-ports", out var ports) ? ports.Split(',').Select(int.Parse).ToList() : null,
            values.GetValueOrDefault("--cluster-id"),
            values.GetValueOrDefault("--service-id"),
            new SampleOptions
            {
                Experts = values.TryGetValue("--experts", out var experts) ? experts.Split(',') : null,
                Aggregator = values.GetValueOrDefault("--aggregator"),
                Questions = values.TryGetValue("--questions", out var questions) ? int.Parse(questions) : 12,
            });
    }
}
