namespace Mosaic.Samples.OpenAi;

/// <summary>The sample's command line: pairs of a known flag and its value; the key may also come from <c>OPENAI_API_KEY</c>.</summary>
internal sealed record OpenAiArguments(Uri BaseUrl, string ApiKey, string Model)
{
    public const string Usage = "usage: [--base-url http://127.0.0.1:8080/v1] [--api-key KEY] [--model mosaic]";

    private static readonly HashSet<string> Flags = ["--base-url", "--api-key", "--model"];

    /// <exception cref="ArgumentException">An unknown flag, a flag without its value, or a base URL that is not absolute.</exception>
    public static OpenAiArguments Parse(string[] args)
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

        var url = values.GetValueOrDefault("--base-url", "http://127.0.0.1:8080/v1");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
        {
            throw new ArgumentException($"--base-url must be an absolute URL such as http://127.0.0.1:8080/v1, got '{url}'");
        }

        // A gateway without keys (mosaic serve, Development) accepts any.
        var key = values.GetValueOrDefault("--api-key") ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "no-key";
        return new OpenAiArguments(baseUrl, key, values.GetValueOrDefault("--model", "mosaic"));
    }
}
