using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Mosaic.Testing;

namespace Mosaic.Gateway.Tests;

/// <summary>A request's trace continues from the caller into the cluster; the gateway's telemetry names its service.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TracingTests(GatewayFixture fixture)
{
    [Fact]
    public async Task ChatCompletion_WithTraceparent_TheRequestAndItsGrainCallsJoinTheCallersTrace()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "Microsoft.Orleans.Application",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var trace = ActivityTraceId.CreateRandom();
        using var http = fixture.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "mosaic", messages = new[] { new { role = "user", content = "What is 2 + 40?" } } }),
        };
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await http.SendAsync(request);

        response.EnsureSuccessStatusCode();
        // The request's own span stops once the server has finished with the response, which can be after the client has read it.
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !spans.Any(s => s.TraceId == trace && s.Source.Name == "Microsoft.AspNetCore") && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
        }

        var traced = spans.Where(s => s.TraceId == trace).ToArray();
        var server = Assert.Single(traced, s => s.Source.Name == "Microsoft.AspNetCore");
        var calls = traced.Where(s => s.Source.Name == "Microsoft.Orleans.Application").ToArray();
        Assert.Contains(calls, s => s.DisplayName.Contains("IJobGrain", StringComparison.Ordinal) && s.Kind == ActivityKind.Client);
        Assert.All(calls, s => Assert.NotEqual(default, s.ParentSpanId));
        Assert.Contains(calls, s => s.ParentSpanId == server.SpanId);
    }

    [Fact]
    public async Task Metrics_NameTheGatewayService()
    {
        using var http = fixture.Http();

        var metrics = await http.GetStringAsync("metrics");

        Assert.Contains("service_name=\"mosaic-gateway\"", metrics, StringComparison.Ordinal);
    }
}
