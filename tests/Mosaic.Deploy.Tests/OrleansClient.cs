using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Orleans.Configuration;

namespace Mosaic.Deploy.Tests;

/// <summary>A plain Orleans client of silo processes (localhost gateways, or ADO.NET clustering on PostgreSQL) and the job calls the tests make.</summary>
internal sealed class OrleansClient : IAsyncDisposable
{
    private readonly IHost _host;

    private OrleansClient(IHost host) => _host = host;

    public IClusterClient Cluster => _host.Services.GetRequiredService<IClusterClient>();

    public static Task<OrleansClient> LocalhostAsync(params int[] gatewayPorts) =>
        StartAsync(client => client.UseLocalhostClustering(gatewayPorts));

    public static Task<OrleansClient> PostgresAsync(string connectionString, string clusterId) =>
        StartAsync(client => client
            .UseAdoNetClustering(o => (o.Invariant, o.ConnectionString) = ("Npgsql", connectionString))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId)));

    public async Task<string> SubmitAsync(JobSpec spec)
    {
        var id = $"job-{Guid.NewGuid():N}";
        var result = await Cluster.GetGrain<IJobGrain>(id).SubmitAsync(spec);
        Assert.True(result.Accepted, result.Error);
        return id;
    }

    /// <summary>The job's report; retried while the job's silo is away (a killed silo, a job moving).</summary>
    public async Task<JobReport> ReportAsync(string id, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                return await Cluster.GetGrain<IJobGrain>(id).GetReportAsync() ?? throw new InvalidOperationException($"job {id} is unknown");
            }
            catch (Exception e) when (e is not InvalidOperationException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    public async Task<JobReport> WaitAsync(string id, Func<JobReport, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var report = await ReportAsync(id, deadline - DateTime.UtcNow);
            if (condition(report))
            {
                return report;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {id} did not get there within {timeout.TotalSeconds} s: {report.Status}, {report.Answered}/{report.Questions} answered");
            await Task.Delay(200);
        }
    }

    public async Task<IReadOnlyList<QuestionResult>> ResultsAsync(string id)
    {
        var results = new List<QuestionResult>();
        for (int? from = 0; from is { } next;)
        {
            var page = await Cluster.GetGrain<IJobGrain>(id).GetResultsAsync(next, 500);
            results.AddRange(page.Results);
            from = page.Next;
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static async Task<OrleansClient> StartAsync(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.UseOrleansClient(configure);
        var host = builder.Build();
        await host.StartAsync();
        return new OrleansClient(host);
    }
}
