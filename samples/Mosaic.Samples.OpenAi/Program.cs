using System.ClientModel;
using Mosaic.Samples.OpenAi;

// dotnet run --project samples/Mosaic.Samples.OpenAi -- [--base-url http://127.0.0.1:8080/v1] [--api-key KEY] [--model mosaic]
OpenAiArguments arguments;
try
{
    arguments = OpenAiArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n{OpenAiArguments.Usage}");
    return 2;
}

try
{
    var summary = await OpenAiSample.RunAsync(arguments.BaseUrl, arguments.ApiKey, arguments.Model, Console.Out);
    return summary.BatchStatus == "completed" ? 0 : 1;
}
catch (ClientResultException e) when (e.Status > 0)
{
    // The gateway answered with an error in OpenAI's shape: its status and first line say what to change.
    Console.Error.WriteLine($"error: the gateway at {arguments.BaseUrl} answered {e.Status}: {e.Message.Split('\n')[0]}");
    return e.Status is 401 or 403 or 404 ? 2 : 1;
}
catch (Exception e) when (e is ClientResultException or HttpRequestException or AggregateException)
{
    // No answer at all (the SDK retried a refused connection and gave up): the innermost cause, not the retry's wrapper.
    var cause = e;
    while (cause.InnerException is { } inner)
    {
        cause = inner;
    }

    Console.Error.WriteLine($"error: cannot reach the gateway at {arguments.BaseUrl} ({cause.Message.Split('\n')[0]})");
    return 1;
}
