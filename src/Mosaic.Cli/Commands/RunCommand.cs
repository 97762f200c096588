using System.CommandLine;
using Mosaic.Cli.Batch;
using Mosaic.Hosting.Pools;
using Mosaic.Zoo;

namespace Mosaic.Cli.Commands;

/// <summary>
/// <c>mosaic run -i requests.jsonl -o results.jsonl</c>: like <c>vllm run-batch</c>, OpenAI Batch requests in and one
/// output line per request out, answered by the pool of <c>--config</c> (the shipped zoo by default) on an embedded
/// cluster or, with <c>--cluster</c>, a running one.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var input = new Option<string>("--input", "-i") { Description = "requests, one OpenAI Batch JSON object per line", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "where to write one result line per request (written whole at the end)", Required = true };
        var config = new Option<string?>("--config") { Description = "pool configuration (default: the shipped zoo's models/zoo/pool.json)" };
        var cluster = new Option<string?>(ClusterAddress.OptionName)
        {
            Description = $"submit to a running cluster: localhost:PORT[,PORT...], sqlite:FOLDER or postgres:CONNECTION-STRING (default: ${ClusterAddress.EnvironmentVariable} when set)",
        };
        var clusterId = new Option<string?>("--cluster-id") { Description = "the running cluster's Orleans cluster id (default: the silos' own, default for localhost: and mosaic for sqlite: or postgres:)" };
        var serviceId = new Option<string?>("--service-id") { Description = "the running cluster's Orleans service id (default: the silos' own, as for --cluster-id)" };
        var data = new Option<string?>("--data") { Description = "the embedded cluster's SQLite data folder (default: a temporary folder, removed afterwards)" };
        var workers = new Option<int?>("--workers") { Description = "worker silos of the embedded cluster (default: the pool's)" };
        var job = new Option<string?>("--job") { Description = "follow this job, submitted by an earlier run of the same -i, instead of submitting a new one (with --cluster or --data, whose store keeps it)" };
        var patience = new Option<int>("--cluster-patience") { Description = "seconds a running cluster may go unanswering (every silo down) before the run stops waiting for its job", DefaultValueFactory = _ => (int)Mosaic.Client.MosaicClientOptions.DefaultClusterPatience.TotalSeconds };
        var json = new Option<bool>("--json") { Description = "print a one-object summary" };
        var command = new Command("run", "Answer a batch file of chat requests (OpenAI Batch format) with the expert pool. "
            + "Exit codes: 0 when at least one valid request got an answer (the other lines' errors are in the output); "
            + "1 when the job failed or was cancelled or no valid request got an answer (the output is still written), or the run was stopped; "
            + "2 on bad input (options, files, the pool), a file without a valid request included (its lines' errors are still written).")
        {
            input, output, config, cluster, clusterId, serviceId, data, workers, job, patience, json,
        };
        command.SetAction(parsed => CommandErrors.Run(stderr, () =>
        {
            var pool = PoolConfigFile.Load(parsed.GetValue(config) ?? Path.Combine(ZooPaths.DefaultDirectory(), PoolConfigFile.ZooFileName));
            if (parsed.GetValue(workers) is { } n)
            {
                pool = n >= 1 ? pool with { Workers = n } : throw new UsageException($"--workers must be positive, got {n}");
            }

            var inputPath = parsed.GetValue(input)!;
            if (!File.Exists(inputPath))
            {
                throw new UsageException(Directory.Exists(inputPath) ? $"-i '{inputPath}' is a folder; name the requests file" : $"{inputPath}: no such file");
            }

            var target = OutputFiles.CheckWritable("-o", parsed.GetValue(output)!, inputPath);
            var running = ClusterAddress.FromOptionOrEnvironment(parsed.GetValue(cluster), parsed.GetValue(clusterId), parsed.GetValue(serviceId));
            var keepData = parsed.GetValue(data) is { } named ? OutputFiles.CheckWritableFolder("--data", named) : null;
            if (keepData is null && running is null)
            {
                RunStoreFolders.DeleteAbandoned(Path.GetTempPath());
            }

            var follow = parsed.GetValue(job);
            if (follow is not null && running is null && keepData is null)
            {
                throw new UsageException("--job follows a job kept by a running cluster (--cluster) or an embedded cluster's store (--data); a temporary store keeps none");
            }

            if (follow is { Length: 0 } || follow?.Any(char.IsWhiteSpace) == true)
            {
                throw new UsageException($"--job needs a job id, got '{follow}'");
            }

            var patienceSeconds = parsed.GetValue(patience);
            if (patienceSeconds < 1)
            {
                throw new UsageException($"--cluster-patience must be at least 1 second, got {patienceSeconds}");
            }

            if (running is not null)
            {
                // The client keeps asking a cluster whose silos are all away for this long, then gives up on following the job.
                running.Client.ClusterPatience = TimeSpan.FromSeconds(patienceSeconds);
            }

            var dataFolder = keepData ?? RunStoreFolders.New(Path.GetTempPath());
            using var stop = new StopSignals();
            try
            {
                BatchSummary? summary = null;
                ProgressBoard.RunAsync(stderr, async board =>
                {
                    // Made on the job's first report, once its question count is known; a file without one answerable
                    // request runs no job and shows no counter (the summary says what was written).
                    IProgressLine? task = null;
                    summary = await BatchRunner.RunAsync(
                        inputPath, target, pool,
                        token => running is not null ? ClusterConnection.JoinAsync(running, token) : ClusterConnection.EmbeddedAsync(pool, dataFolder, temporary: keepData is null, token),
                        (done, total, doing) => (task ??= board.Add(doing, total)).Update(done, total, doing),
                        stop.Token, follow);
                    if (summary.JobError is null)
                    {
                        task?.Complete("decided");
                    }
                    else
                    {
                        task?.Describe("decided before the job ended");
                    }
                }).GetAwaiter().GetResult();

                // Results written to a device or a FIFO (-o /dev/stdout, a pipe) may be this very stdout: the summary
                // then goes to stderr, so the results stay one JSON object per line.
                var report = FileKinds.Of(target) == FileKind.Special ? stderr : stdout;
                if (parsed.GetValue(json))
                {
                    JsonOutput.Write(report, summary!);
                }
                else
                {
                    report.WriteLine($"wrote {Counted.Of(summary!.Requests, "line")} to {summary.Output}: {summary.Answered} answered, {summary.Errors} with an error, "
                        + $"{Counted.Of(summary.AggregatorCalls, "aggregator call")}{(summary.Accuracy is { } a ? $", accuracy {a:P1} on the requests with a gold answer" : "")} ({summary.WallSeconds:0.0} s on {summary.Cluster})");
                }

                var (exit, error) = BatchExit.Of(summary!, inputPath);
                if (error is not null)
                {
                    stderr.WriteLine($"error: {error}");
                }

                return exit;
            }
            catch (OperationCanceledException) when (stop.Stopped)
            {
                stderr.WriteLine("error: cancelled; no output was written");
                return ExitCodes.Failure;
            }
            finally
            {
                if (keepData is null && Directory.Exists(dataFolder))
                {
                    RunStoreFolders.TryDelete(dataFolder);
                }
            }
        }));
        return command;
    }
}
