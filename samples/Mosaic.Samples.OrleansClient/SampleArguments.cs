namespace Mosaic.Samples.OrleansClient;

/// <summary>The sample's command line: pairs of a known flag and its value.</summary>
internal sealed record SampleArguments(IList<int>? GatewayPorts, string? ClusterId, string? ServiceId, SampleOptions Options)
{
    public const string Usage =
        "usage: [--gateway-ports 30000,30001] [--cluster-id ID] [--service-id ID] [--experts a,b,c] [--aggregator NAME] [--questions 12]";

    private static readonly HashSet<string> Flags = ["--gateway-ports", "--cluster-id", "--service-id", "--experts", "--aggregator", "--questions"];

    /// <exception cref="ArgumentException">An unknown flag, a flag without its value, or a value that is not what the flag takes.</exception>
    public static SampleArguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!Flags.Contains(args[i]))
            {
                throw new ArgumentException($"unknown argument '{args[i]}'");
            }

            values[args[i]] = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
        }

        return new SampleArguments(
            values.TryGetValue("--gateway-ports", out var ports) ? [.. ports.Split(',').Select(p => Positive("--gateway-ports", p))] : null,
            values.GetValueOrDefault("--cluster-id"),
            values.GetValueOrDefault("--service-id"),
            new SampleOptions
            {
                Experts = values.TryGetValue("--experts", out var experts) ? experts.Split(',') : null,
                Aggregator = values.GetValueOrDefault("--aggregator"),
                Questions = values.TryGetValue("--questions", out var questions) ? Positive("--questions", questions) : 12,
            });
    }

    private static int Positive(string flag, string value) =>
        int.TryParse(value, out var number) && number > 0 ? number : throw new ArgumentException($"{flag} takes positive whole numbers, got '{value}'");
}
