using Mosaic.Samples.OpenAi;

// dotnet run --project samples/Mosaic.Samples.OpenAi -- [--base-url http://127.0.0.1:8080/v1] [--api-key KEY] [--model mosaic]
// The key may also come from OPENAI_API_KEY; a gateway without keys (mosaic serve, Development) accepts any.
var values = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    values[args[i]] = args[i + 1];
}

if (!Uri.TryCreate(values.GetValueOrDefault("--base-url", "http://127.0.0.1:8080/v1"), UriKind.Absolute, out var baseUrl))
{
    Console.Error.WriteLine("error: --base-url must be an absolute URL such as http://127.0.0.1:8080/v1");
    return 2;
}

var key = values.GetValueOrDefault("--api-key") ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "no-key";
var summary = await OpenAiSample.RunAsync(baseUrl, key, values.GetValueOrDefault("--model", "mosaic"), Console.Out);
return summary.BatchStatus == "completed" ? 0 : 1;
