using System.Diagnostics;
using System.Text.Json;
using Mosaic.Hosting;
using Npgsql;

namespace Mosaic.Deploy.Tests;

/// <summary>
/// infra/scripts/local-cluster.sh driven by a test: its own state folder, cluster id and free ports, the PostgreSQL
/// server of the tests, the built hosts (--no-build). Disposing runs <c>down</c>.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string? _pool;

    /// <param name="pool">A pool file every silo serves (<c>up --pool</c>); the gateway is then <c>mosaic serve --cluster</c>.</param>
    public LocalCluster(string postgres, int silos, IReadOnlyDictionary<string, string>? environment = null, string? pool = null)
    {
        Silos = silos;
        _pool = pool;
        Postgres = Patient(postgres);
        Folder = Directory.CreateTempSubdirectory("mosaic-local-cluster-").FullName;
        ClusterId = $"test-{Guid.NewGuid():N}";
        (SiloPort, GatewayPort, AdminPort) = (FreePorts.Run(silos), FreePorts.Run(silos), FreePorts.Run(silos));
        _environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["MOSAIC_LOCAL_DIR"] = Folder,
            ["MOSAIC_LOCAL_POSTGRES"] = Postgres,
            ["MOSAIC_LOCAL_CLUSTER_ID"] = ClusterId,
            ["MOSAIC_LOCAL_SILO_PORT"] = $"{SiloPort}",
            ["MOSAIC_LOCAL_GATEWAY_PORT"] = $"{GatewayPort}",
            ["MOSAIC_LOCAL_ADMIN_PORT"] = $"{AdminPort}",
            ["MOSAIC_LOCAL_HTTP_PORT"] = $"{HttpPort = FreePorts.Run(1)}",
            ["MOSAIC_LOCAL_CONFIGURATION"] = Repository.Configuration,
        };
    }

    public int Silos { get; }

    /// <summary>The connection string the silos use (membership and storage).</summary>
    public string Postgres { get; }

    public string Folder { get; }

    public string ClusterId { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int AdminPort { get; }

    /// <summary>The HTTP gateway's port (OpenAI-compatible API under /v1).</summary>
    public int HttpPort { get; }

    public Task<(int Code, string Output)> UpAsync() =>
        _pool is null ? RunAsync("up", "--silos", $"{Silos}", "--no-build") : RunAsync("up", "--silos", $"{Silos}", "--pool", _pool, "--no-build");

    public Task<(int Code, string Output)> StatusAsync() => RunAsync("status");

    public Task<(int Code, string Output)> StartSiloAsync(int silo) => RunAsync("start-silo", $"{silo}", "--no-build");

    public int PidOf(int silo) => int.Parse(File.ReadAllText(Path.Combine(Folder, $"silo-{silo}.pid")).Trim());

    /// <summary>SIGKILL: no shutdown code runs; the silo's membership row stays Active until the cluster notices.</summary>
    public void Kill(int silo)
    {
        using var process = Process.GetProcessById(PidOf(silo));
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>SIGKILLs the HTTP gateway process: its requests' jobs are left with no one watching them.</summary>
    public void KillGateway()
    {
        using var process = Process.GetProcessById(int.Parse(File.ReadAllText(Path.Combine(Folder, "gateway.pid")).Trim()));
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>The silo whose JSON log says it accepted the job (the job grain's first activation).</summary>
    public int? SiloThatAccepted(string jobId) => Accepted().Where(a => a.Job == jobId).Select(a => (int?)a.Silo).FirstOrDefault();

    /// <summary>The first job a silo logs it accepted that is not in <paramref name="known"/>, and that silo, once one has.</summary>
    public async Task<(string Job, int Silo)> NextAcceptedAsync(IReadOnlySet<string> known, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Accepted().FirstOrDefault(a => !known.Contains(a.Job)) is { Job: not null } accepted)
            {
                return accepted;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no silo accepted a new job within {timeout.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    /// <summary>Every job the silos' logs say they accepted, and the silo that did.</summary>
    public IReadOnlyList<(string Job, int Silo)> Accepted() =>
        [.. Enumerable.Range(0, Silos).SelectMany(silo => LogEntries(silo)
            .Where(e => e.Format.StartsWith("Job {Job} accepted", StringComparison.Ordinal))
            .Select(e => (e.Job, silo)))];

    /// <summary>The structured entries of a silo's log (JSON console lines) that carry a job id.</summary>
    public IReadOnlyList<(string Job, string Format, string Message)> LogEntries(int silo)
    {
        var entries = new List<(string, string, string)>();
        using var reader = new StreamReader(new FileStream(Path.Combine(Folder, $"silo-{silo}.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("State", out var state) && state.TryGetProperty("Job", out var job) && state.TryGetProperty("{OriginalFormat}", out var format))
            {
                entries.Add((job.GetString()!, format.GetString()!, json.RootElement.GetProperty("Message").GetString()!));
            }
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        var pids = Enumerable.Range(0, Silos).Select(s => File.Exists(Path.Combine(Folder, $"silo-{s}.pid")) ? PidOf(s) : (int?)null).OfType<int>().ToArray();
        await RunAsync("down");
        foreach (var pid in pids)
        {
            try
            {
                using var left = Process.GetProcessById(pid);
                left.Kill();
            }
            catch (ArgumentException)
            {
                // stopped, as it should be
            }
        }

        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>
    /// The connection string with generous connect and command timeouts: three silos starting at once on a loaded
    /// two-core machine may wait longer than Npgsql's default 15 s for their first connection.
    /// </summary>
    private static string Patient(string postgres) =>
        new NpgsqlConnectionStringBuilder(postgres) { Timeout = 60, CommandTimeout = 120 }.ConnectionString;

    private async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        var (exit, stdout, stderr) = await ChildProcess.RunAsync("bash", [Repository.Script("local-cluster.sh"), .. arguments], TimeSpan.FromMinutes(5), _environment);
        return (exit, stdout + stderr);
    }
}
