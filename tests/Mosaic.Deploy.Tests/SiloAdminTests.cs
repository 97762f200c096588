using System.Net;
using Mosaic.Abstractions.Jobs;
using Mosaic.Benchmarks.Processes;
using Mosaic.Hosting;

namespace Mosaic.Deploy.Tests;

/// <summary>A real silo process's admin port: health, readiness and the Prometheus endpoint while a job runs.</summary>
public sealed class SiloAdminTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Metrics_WhileAJobRuns_ParseAsPrometheusTextAndMove()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ports = FreePorts.Run(3);
        await using var silo = DeploySilos.Start("gpu0", ports, settings: new Dictionary<string, string> { ["Mosaic__TimeScale"] = "0.05", ["Mosaic__MaxModelsPerWorker"] = "6" });
        await silo.WaitReadyAsync(http, StartTimeout);
        Assert.Equal("ok\n", await http.GetStringAsync(new Uri(silo.Admin, "healthz")));
        await using var client = await OrleansClient.LocalhostAsync(silo.Options.GatewayPort);
        var spec = TestJobs.MultipleChoice(60, seed: 3);

        var id = await client.SubmitAsync(spec);
        await client.WaitAsync(id, r => r.Answered >= 1, TimeSpan.FromMinutes(2));
        var first = PrometheusText.Parse(await http.GetStringAsync(new Uri(silo.Admin, "metrics")));
        await client.WaitAsync(id, r => r.Answered >= 8, TimeSpan.FromMinutes(2));
        var second = PrometheusText.Parse(await http.GetStringAsync(new Uri(silo.Admin, "metrics")));
        var report = await client.WaitAsync(id, r => r.Status != JobStatus.Running, TimeSpan.FromMinutes(3));
        var done = await WaitForMetricAsync(http, silo, "mosaic_jobs_total", ("status", "completed"));

        // Both reads were taken while the job ran, and the second saw more answers and calls than the first.
        Assert.InRange(first.Sum("mosaic_questions_answered_total"), 1, 59);
        Assert.InRange(second.Sum("mosaic_questions_answered_total"), first.Sum("mosaic_questions_answered_total") + 1, 59);
        Assert.True(second.Sum("mosaic_calls_total", ("worker", "gpu0"), ("status", "completed")) > first.Sum("mosaic_calls_total", ("worker", "gpu0"), ("status", "completed")));
        Assert.True(second.Sum("mosaic_tokens_generated_total", ("worker", "gpu0")) > first.Sum("mosaic_tokens_generated_total", ("worker", "gpu0")));
        Assert.Equal("gauge", first.Types["mosaic_queue_depth"]);
        Assert.Equal(1, first.Sum("mosaic_jobs_total", ("status", "accepted")));
        Assert.Contains(first.Types, t => t.Key.StartsWith("orleans_", StringComparison.Ordinal));

        Assert.Equal(JobStatus.Completed, report.Status);
        Assert.Equal(60, done.Sum("mosaic_questions_answered_total"));
        Assert.Equal(1, done.Sum("mosaic_job_makespan_realized_seconds_count"));
        Assert.Equal(report.ExpertStageSeconds, done.Sum("mosaic_job_makespan_realized_seconds_sum"), 3);
        Assert.Equal(report.PlannedMakespanSeconds * 0.05, done.Sum("mosaic_job_makespan_planned_seconds_sum"), 3);
    }

    [Fact]
    public async Task Readyz_SiloThatCannotJoinItsCluster_Is503WhileHealthzIs200()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ports = FreePorts.Run(4);

        // Localhost clustering with a primary silo that does not exist: the process runs, the silo never becomes Active.
        await using var silo = DeploySilos.Start("gpu1", ports, primaryPort: ports + 3);
        var health = await PollAsync(http, new Uri(silo.Admin, "healthz"), silo);
        var ready = await http.GetAsync(new Uri(silo.Admin, "readyz"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"ready\":false", await ready.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PollAsync(HttpClient http, Uri uri, SiloProcess silo)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            Assert.False(silo.HasExited, silo.Tail(40));
            try
            {
                return await http.GetAsync(uri);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>The report turns Completed a moment before the job records its end; scrape until it has.</summary>
    private static async Task<PrometheusText> WaitForMetricAsync(HttpClient http, SiloProcess silo, string name, (string, string) label)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200))
        {
            var scrape = PrometheusText.Parse(await http.GetStringAsync(new Uri(silo.Admin, "metrics")));
            if (scrape.Sum(name, label) > 0 || DateTime.UtcNow > deadline)
            {
                return scrape;
            }
        }
    }
}
