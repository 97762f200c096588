using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Benchmarks.Processes;
using Mosaic.Client;
using Mosaic.Grains.Devices;
using Mosaic.Storage;
using Mosaic.Storage.Jobs;

namespace Mosaic.Benchmarks;

/// <summary>
/// Recovery on a real multi-process cluster: silo processes on loopback with database clustering and storage, one
/// emulated job submitted by a client that then disconnects, K SIGKILLs at seeded moments (the job's silo, the oldest
/// silo, a random one, in turn), each killed worker restarted with the same id (on its old ports or new ones). Progress
/// is read from the job store, never through a client; the client comes back only once the job has ended, to read the
/// report and the result rows.
/// </summary>
internal static class RecoveryBenchmark
{
    private static readonly string[] Roles = ["job", "oldest", "random"];
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task<RecoveryReport> RunAsync(RecoveryOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        options.Validate();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var ct = timeout.Token;
        var temporary = options.WorkFolder is null;
        var folder = options.WorkFolder ?? Directory.CreateTempSubdirectory("mosaic-recovery-").FullName;
        RecoveryReport report;
        try
        {
            report = await RunCoreAsync(options, folder, progress, ct);
        }
        catch
        {
            // The silos' logs are what tells why: a failed run keeps its temporary folder.
            progress?.Report($"the run failed; its silos' logs are kept in {Path.Combine(folder, "logs")}");
            throw;
        }

        if (temporary && report is { Status: "completed", Lost: 0, AnsweredMoreThanOnce: 0 } && report.Answered == report.Questions)
        {
            TryDelete(folder);
        }
        else if (temporary)
        {
            progress?.Report($"the job did not end with every question answered once; its silos' logs are kept in {Path.Combine(folder, "logs")}");
        }

        return report;
    }

    private static async Task<RecoveryReport> RunCoreAsync(RecoveryOptions options, string folder, IProgress<string>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var id = $"recovery-{Guid.NewGuid():N}"[..20];
        var storage = options.Connection is { } connection
            ? new MosaicStorageOptions { Provider = MosaicStorageProvider.Postgres, ConnectionString = connection, ClusterId = id, ServiceId = id }
            : new MosaicStorageOptions { Provider = MosaicStorageProvider.Sqlite, DataFolder = Path.Combine(folder, "data"), UseSqliteClustering = true, ClusterId = id, ServiceId = id };
        var storageName = storage.Provider == MosaicStorageProvider.Postgres ? "postgres" : "sqlite";
        var random = new Random(options.Seed);

        await using var cluster = await SiloCluster.StartAsync(new SiloClusterOptions
        {
            Silos = options.Silos,
            Storage = storage,
            TimeScale = options.TimeScale,
            LogFolder = Path.Combine(folder, "logs"),
            SiloPath = options.SiloPath,
        }, ct);
        progress?.Report($"{options.Silos} silo processes active ({storageName} storage and clustering) after {clock.Elapsed.TotalSeconds:0.0} s; logs in {Path.Combine(folder, "logs")}"
            + (options.WorkFolder is null ? " (removed at the end unless the run fails)" : ""));

        var store = JobStores.Create(storage, storage.ServiceId);
        try
        {
            // Submit, then leave: from here until the job ends no client is connected.
            var spec = ControlPlaneBenchmark.Workload(options.Questions, options.Seed) with { ShareRepeatedCalls = options.ShareRepeatedCalls };
            string jobId;
            DateTimeOffset disconnectedAt;
            using (var client = await cluster.ConnectAsync(ct))
            {
                var cluster1 = client.Services.GetRequiredService<IClusterClient>();
                await cluster.WaitForWorkersAsync(cluster1, TimeSpan.FromMinutes(2), ct);
                jobId = await new MosaicClient(cluster1).SubmitAsync(spec);
                await client.StopAsync(ct);
                disconnectedAt = DateTimeOffset.UtcNow;
            }

            var submittedAt = clock.Elapsed;
            progress?.Report($"job {jobId} submitted ({options.Questions} questions); the client has disconnected");

            // Kill moments: seeded fractions of the answered questions, each at least MinimumGap after the last restart.
            var fractions = Enumerable.Range(0, options.Kills).Select(_ => 0.03 + 0.85 * random.NextDouble()).Order().ToArray();
            var kills = new List<RecoveryKill>();
            var lastRestart = clock.Elapsed;
            var running = true;
            var answered = 0;
            var lastReported = -1;
            while (running)
            {
                ct.ThrowIfCancellationRequested();
                answered = (await store.ReadTotalsAsync(jobId, ct)).Answered;
                running = (await store.ListRunningJobsAsync(ct)).Contains(jobId, StringComparer.Ordinal);
                if (answered / Math.Max(1, options.Questions / 10) != lastReported)
                {
                    lastReported = answered / Math.Max(1, options.Questions / 10);
                    progress?.Report($"{answered}/{options.Questions} answered after {(clock.Elapsed - submittedAt).TotalSeconds:0} s");
                }

                if (running && kills.Count < fractions.Length && answered >= fractions[kills.Count] * options.Questions
                    && clock.Elapsed - lastRestart >= options.MinimumGap)
                {
                    kills.Add(await KillAndRestartAsync(cluster, jobId, kills.Count, answered, clock, random, progress, ct));
                    lastRestart = clock.Elapsed;
                    continue;
                }

                await Task.Delay(Poll, ct);
            }

            var jobSeconds = (clock.Elapsed - submittedAt).TotalSeconds;
            progress?.Report($"job ended after {jobSeconds:0} s and {kills.Count} kills; reconnecting to read the report and results");

            var reconnectedAt = DateTimeOffset.UtcNow;
            using var reader = await cluster.ConnectAsync(ct);
            var mosaic = new MosaicClient(reader.Services.GetRequiredService<IClusterClient>());
            var report = await mosaic.WaitForCompletionAsync(jobId, ct);
            var results = await mosaic.GetResultsAsync(jobId, ct);
            var perQuestion = results.GroupBy(r => r.QuestionId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var recomputed = await store.CountRepeatedCompletionsAsync(jobId, ct);
            var workers = await WorkersAsync(cluster, reader.Services.GetRequiredService<IClusterClient>());
            await reader.StopAsync(ct);

            return new RecoveryReport(
                storageName,
                options.Silos,
                options.Questions,
                kills.Count,
                options.Kills,
                kills.Count(k => k.JobRunning),
                kills.Count(k => k.WasJobsSilo),
                kills.Count(k => k.WasOldestSilo),
                report.Status.ToString().ToLowerInvariant(),
                perQuestion.Count(p => spec.Questions.Any(q => q.Id == p.Key)),
                perQuestion.Count(p => p.Value > 1),
                spec.Questions.Count(q => !perQuestion.ContainsKey(q.Id)),
                recomputed,
                options.ShareRepeatedCalls,
                results.Sum(r => r.ExpertCalls.Count(c => c.SharedFromSlot is not null)),
                // A shared slot carries its leader's call, field for field, apart from naming the leader.
                results.Sum(r => r.ExpertCalls.Count(c => c.SharedFromSlot is { } leader && c with { SharedFromSlot = null } != r.ExpertCalls[leader])),
                report.Status == JobStatus.Completed && report.FinishedAt is { } finished && finished > disconnectedAt && finished < reconnectedAt,
                report.Replans,
                report.Generation,
                report.SkippedSessions,
                report.FailedCalls,
                Math.Round(clock.Elapsed.TotalSeconds, 1),
                Math.Round(jobSeconds, 1),
                options.TimeScale,
                options.Seed,
                kills,
                workers);
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private static async Task<RecoveryKill> KillAndRestartAsync(
        SiloCluster cluster, string jobId, int index, int answered, Stopwatch clock, Random random, IProgress<string>? progress, CancellationToken ct)
    {
        var jobs = cluster.SiloOfJob(jobId);
        var oldest = cluster.Oldest()?.Worker;
        var live = cluster.Workers.Where(w => !cluster[w].HasExited).ToArray();
        var role = Roles[index % Roles.Length];
        var victim = role switch
        {
            "job" when jobs is not null => jobs,
            "oldest" when oldest is not null => oldest,
            _ => live[random.Next(live.Length)],
        };
        var newPorts = random.Next(2) == 0;
        var at = clock.Elapsed.TotalSeconds;
        var killed = await cluster.KillAsync(victim);
        var restart = Stopwatch.StartNew();
        await cluster.RestartAsync(victim, newPorts, ct);
        var kill = new RecoveryKill(
            Math.Round(at, 1), victim, killed.Id, role, victim == jobs, victim == oldest, answered, true, newPorts, Math.Round(restart.Elapsed.TotalSeconds, 1));
        progress?.Report($"kill {index + 1}: SIGKILL {victim} (pid {killed.Id}{(kill.WasJobsSilo ? ", the job's silo" : "")}{(kill.WasOldestSilo ? ", the oldest silo" : "")}) "
            + $"at {answered} answered; restarted on {(newPorts ? "new" : "the same")} ports, active after {kill.RestartSeconds:0.0} s");
        return kill;
    }

    private static async Task<IReadOnlyList<RecoveryWorker>> WorkersAsync(SiloCluster cluster, IClusterClient client)
    {
        var workers = new List<RecoveryWorker>();
        foreach (var worker in cluster.Workers)
        {
            long completed;
            try
            {
                completed = (await client.GetGrain<IWorkerGrain>(worker).GetStatusAsync().WaitAsync(TimeSpan.FromSeconds(30))).CompletedCalls;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                completed = -1;
            }

            workers.Add(new RecoveryWorker(worker, cluster.AllProcesses.Count(p => p.Worker == worker), completed));
        }

        return workers;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a temporary folder; the OS cleans it
        }
    }
}
