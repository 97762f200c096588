using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Mosaic.Cli.Batch;
using Mosaic.Hosting;
using Mosaic.Storage.Jobs;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Cli.Tests;

public sealed class RunCommandTests
{
    private static readonly string ZooDirectory = ZooPaths.DefaultDirectory(AppContext.BaseDirectory);

    // The emulated zoo at its configured costs (40 s loads, 0.15 s a call) scaled to 5%: 300 questions take about 15 s,
    // long enough to be interrupted mid-run on a fast machine (the real zoo answers them in a few seconds, sometimes
    // before its first progress line).
    private const double SlowEnoughToInterrupt = 0.05;

    [Fact]
    public void Run_300LinesWith5Malformed_Writes300LinesEachCustomIdOnceAnd5Errors()
    {
        var (input, output) = Files(valid: 295, malformed: 5);
        var config = EmulatedZooConfig(Path.GetDirectoryName(input)!);

        var (exit, stdout, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--config", config, "--json");

        Assert.True(exit == 0, stderr);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(300, summary.GetProperty("requests").GetInt32());
        Assert.StartsWith("run-", summary.GetProperty("job_id").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^decided: 295/295 \(100%\), \d+\.\d s$", stderr);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(300, lines.Length);
        Assert.Equal(300, lines.Select(l => l.GetProperty("custom_id").GetString()).Distinct().Count());
        var errors = lines.Where(l => l.GetProperty("error").ValueKind != JsonValueKind.Null).ToArray();
        Assert.Equal(5, errors.Length);
        Assert.All(errors, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("response").ValueKind));
        Assert.All(errors, e => Assert.StartsWith("line ", e.GetProperty("error").GetProperty("message").GetString()));

        var answered = lines.Where(l => l.GetProperty("error").ValueKind == JsonValueKind.Null).ToArray();
        Assert.All(answered, l => Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32()));
        var bodies = answered.Select(l => l.GetProperty("response").GetProperty("body")).ToArray();
        Assert.All(bodies, b => Assert.Equal("chat.completion", b.GetProperty("object").GetString()));
        Assert.All(bodies, b => Assert.Equal("assistant", b.GetProperty("choices")[0].GetProperty("message").GetProperty("role").GetString()));
        Assert.All(bodies, b => Assert.Equal(3, b.GetProperty("mosaic").GetProperty("experts").GetArrayLength()));
        Assert.All(bodies, b => Assert.Equal(summary.GetProperty("job_id").GetString(), b.GetProperty("mosaic").GetProperty("job_id").GetString()));
        // The gateway's completion, field for field: one shape for a batch file's lines through mosaic run and the gateway.
        Assert.All(bodies, b => Assert.Equal(
            ["job_id", "skill", "experts", "votes", "gate", "aggregator", "final_answer", "emulated", "gold", "correct"],
            b.GetProperty("mosaic").EnumerateObject().Select(p => p.Name)));
        Assert.All(bodies, b => Assert.Equal(["id", "created", "model", "choices", "usage", "mosaic", "object", "system_fingerprint", "service_tier"], b.EnumerateObject().Select(p => p.Name)));
        // The pool shares a question's repeats of one expert (its default): a repeat names the slot whose call answered
        // it, and the usage counts that call once.
        var shared = 0;
        foreach (var body in bodies)
        {
            var experts = body.GetProperty("mosaic").GetProperty("experts").EnumerateArray().ToArray();
            foreach (var expert in experts.Where(e => e.TryGetProperty("shared_from_slot", out _)))
            {
                var leader = experts[expert.GetProperty("shared_from_slot").GetInt32()];
                Assert.Equal(leader.GetProperty("model").GetString(), expert.GetProperty("model").GetString());
                Assert.Equal(leader.GetProperty("text").GetString(), expert.GetProperty("text").GetString());
                shared++;
            }

            if (body.GetProperty("mosaic").GetProperty("aggregator").ValueKind == JsonValueKind.Null)
            {
                var own = experts.Where(e => !e.TryGetProperty("shared_from_slot", out _)).Sum(e => e.GetProperty("completion_tokens").GetInt32());
                Assert.Equal(own, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
            }
        }

        Assert.True(shared > 0, "the zoo's router repeats an expert within some question");
        var correct = bodies.Count(b => b.GetProperty("mosaic").GetProperty("correct").GetBoolean());
        // The emulated experts answer with the paper's calibrated agreement patterns (about half of them right, a
        // 2-of-3 majority right about 60% of the time); a broken gold comparison or answer extraction gives none.
        Assert.True(correct > 295 * 0.45, $"{correct} of 295 questions answered right");
        Assert.Equal(
            new[] { Path.GetFileName(config), Path.GetFileName(input), Path.GetFileName(output) }.Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.GetDirectoryName(output)!).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_AnExpertsName_AsksThatExpertAloneAndRefusesASecondModelInTheFile()
    {
        var directory = Path.GetDirectoryName(GanttRendererTests.Temp("x"))!;
        var counting = ZooDataset.Default.Test.Where(q => q.Skill == Skills.Counting).Take(8).ToArray();
        var input = Path.Combine(directory, "expert-requests.jsonl");
        File.WriteAllLines(input, counting.Select(q => BatchRequestsTests.Request(q.Id, q.Text, model: "quick-large", extra: $$""", "mosaic": {"gold": "{{q.Answer}}"}"""))
            .Append(BatchRequestsTests.Request("moa", "What is 12 + 30?")));
        var output = Path.Combine(directory, "expert-results.jsonl");

        var (exit, stdout, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--json");

        Assert.True(exit == 0, stderr);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal((8, 1, 0), (summary.GetProperty("answered").GetInt32(), summary.GetProperty("errors").GetInt32(), summary.GetProperty("aggregator_calls").GetInt32()));
        Assert.InRange(summary.GetProperty("accuracy").GetDouble(), 0.75, 1);
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var bodies = lines.Take(8).Select(l => l.GetProperty("response").GetProperty("body")).ToArray();
        Assert.All(bodies, b => Assert.Equal("quick-large", b.GetProperty("model").GetString()));
        Assert.All(bodies, b => Assert.Equal(["quick-large"], b.GetProperty("mosaic").GetProperty("experts").EnumerateArray().Select(e => e.GetProperty("model").GetString())));
        Assert.Contains("asks for model 'mosaic'; a batch runs one model and this one runs 'quick-large'", lines[8].GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Run_KilledMidRun_LeavesNoOutputFile()
    {
        var (input, output) = Files(valid: 300, malformed: 0);
        using var run = await RunningAsync(input, output, EmulatedZooConfig(Path.GetDirectoryName(GanttRendererTests.Temp("config"))!, SlowEnoughToInterrupt));

        run.Process.Kill(entireProcessTree: true);
        await run.Process.WaitForExitAsync();

        Assert.False(File.Exists(output));
        Assert.Equal([Path.GetFileName(input)], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Fact]
    public async Task Run_TerminatedMidRun_StopsWithOneLineAndNoOutputFile()
    {
        var (input, output) = Files(valid: 300, malformed: 0);
        using var run = await RunningAsync(input, output, EmulatedZooConfig(Path.GetDirectoryName(GanttRendererTests.Temp("config"))!, SlowEnoughToInterrupt));

        var exit = await RunningProcess.TerminateAsync(run.Process);

        Assert.Equal(1, exit);
        Assert.Contains("error: cancelled; no output was written", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal([Path.GetFileName(input)], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(f => Path.GetFileName(f)!).ToArray());
    }

    /// <summary>
    /// A custom_id is the user's own string: one with ':' or '/', or longer than a job's question ids may be, is answered
    /// like any other (until 2026-12-04 the first failed the whole batch as an internal error and the second hung it).
    /// </summary>
    [Fact]
    public void Run_CustomIdsOfAnyShape_AreAnswered()
    {
        var directory = Path.GetDirectoryName(GanttRendererTests.Temp("x"))!;
        string[] ids = ["req:1", "task/2", new string('x', 300)];
        var input = Path.Combine(directory, "odd-ids.jsonl");
        File.WriteAllLines(input, ids.Select((id, i) => BatchRequestsTests.Request(id, $"What is {i + 10} + 2?")));
        var output = Path.Combine(directory, "odd-ids-results.jsonl");

        var (exit, stdout, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--json");

        Assert.True(exit == 0, stderr);
        Assert.Equal(3, JsonDocument.Parse(stdout).RootElement.GetProperty("answered").GetInt32());
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(ids, lines.Select(l => l.GetProperty("custom_id").GetString()));
        Assert.All(lines, l => Assert.Equal(200, l.GetProperty("response").GetProperty("status_code").GetInt32()));
    }

    [Fact]
    public void Run_ClusterThatNeverAnswers_IsOneLineAndExitCode2()
    {
        var (input, output) = Files(valid: 3, malformed: 0);

        var (exit, _, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--cluster", "localhost:1");

        Assert.Equal(2, exit);
        Assert.Contains(
            $"error: --cluster localhost:1: No silo of the cluster answered within {Mosaic.Client.MosaicClientOptions.DefaultConnectTimeout.TotalSeconds:0} s (cluster id 'default', service id 'default', gateways localhost:1): "
            + "Unable to connect to 127.0.0.1:1. Error: ConnectionRefused; `mosaic serve` prints its ports and ids on stderr",
            stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>
    /// A PostgreSQL store nothing answers on is said as the silos, the gateway and serve say it: one line naming the
    /// database, exit code 1. Until 2026-12-05 it was a cluster that does not answer (exit code 2, a hint about cluster ids).
    /// </summary>
    [Fact]
    public void Run_ClusterStoreUnreachable_OneLineNamingItAndExitCode1()
    {
        var (input, output) = Files(valid: 1, malformed: 0);
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var closed = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var (exit, _, stderr) = CliRunner.Run(
            "run", "-i", input, "-o", output, "--cluster", $"postgres:Host=127.0.0.1;Port={closed};Username=mosaic;Password=s3cret;Database=mosaic;Timeout=3");

        Assert.Equal(1, exit);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"error: PostgreSQL storage: cannot connect to 127.0.0.1:{closed}/mosaic as mosaic", lines[^1], StringComparison.Ordinal);
        Assert.All(lines[..^1], l => Assert.StartsWith("connecting to the cluster", l, StringComparison.Ordinal)); // its progress, no trace
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData(new[] { "--job", "run-1" }, "error: --job follows a job kept by a running cluster (--cluster) or an embedded cluster's store (--data); a temporary store keeps none")]
    [InlineData(new[] { "--cluster-patience", "0" }, "error: --cluster-patience must be at least 1 second, got 0")]
    public void Run_FollowingAJobItCannotFind_SaysWhy(string[] extra, string message)
    {
        var (input, output) = Files(valid: 1, malformed: 0);

        var (exit, _, stderr) = CliRunner.Run(["run", "-i", input, "-o", output, .. extra]);

        Assert.Equal(2, exit);
        Assert.Equal(message, stderr.Trim());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Run_ClusterConnectionStringMalformed_OneLineAndTheUsageExitCode()
    {
        var (input, output) = Files(valid: 1, malformed: 0);

        var (exit, _, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--cluster", "postgres:Hots=127.0.0.1;Password=s3cret");

        Assert.Equal(2, exit); // the user's typo, as every other bad input; a store that is down stays 1 (above)
        Assert.StartsWith("error: PostgreSQL storage: invalid connection string (", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    /// <summary>
    /// Without <c>--cluster</c> the address comes from <c>$MOSAIC_CLUSTER</c>, so a connection string need not be on a
    /// command line other users can read; a malformed one names the variable and never shows the password.
    /// </summary>
    [Fact]
    public async Task Run_ClusterFromTheEnvironment_IsUsedAndNamedInErrors()
    {
        var (input, output) = Files(valid: 3, malformed: 0);
        var start = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "mosaic.dll"), "run", "-i", input, "-o", output])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            Environment = { [ClusterAddress.EnvironmentVariable] = "postgress:Host=db;Password=s3cret" },
        };

        using var run = Process.Start(start)!;
        var stderr = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "error: $MOSAIC_CLUSTER must be localhost:PORT[,PORT...], sqlite:FOLDER or postgres:CONNECTION-STRING, got 'postgress:Host=db;Password=***'",
            stderr.Trim());
        Assert.False(File.Exists(output));
    }

    /// <summary>The address is echoed in the report's <c>cluster</c> field and in connection errors: never a database password.</summary>
    [Theory]
    [InlineData("postgres:Host=db;Username=mosaic;Password=s3cret;Database=mosaic", "postgres:Host=db;Username=mosaic;Password=***;Database=mosaic")]
    [InlineData("postgres:host=db;PWD = s3cret", "postgres:host=db;PWD=***")]
    [InlineData("postgres:Host=db;Password='Sec;ret1';Database=mosaic", "postgres:Host=db;Password=***;Database=mosaic")]
    [InlineData("postgres:Host=db;Password=\"Sec;ret\"\"3\";Database=mosaic", "postgres:Host=db;Password=***;Database=mosaic")]
    [InlineData("localhost:30000,30001", "localhost:30000,30001")]
    public void ClusterAddress_AsShown_MasksThePassword(string address, string shown) =>
        Assert.Equal(shown, ClusterAddress.Parse(address, null, null).Shown);

    /// <summary>A URL is not a connection string Npgsql reads: one usage line (it was an internal error, exit 1), its password masked.</summary>
    [Fact]
    public void Run_PostgresUrl_OneUsageLineWithoutThePassword()
    {
        var (input, output) = Files(valid: 1, malformed: 0);

        var (exit, _, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--cluster", "postgres:postgresql://mosaic:S3cret4@127.0.0.1/mosaic");

        Assert.Equal(2, exit);
        Assert.Equal(
            "error: --cluster postgres: 'postgresql://mosaic:***@127.0.0.1/mosaic' is not a connection string of Key=Value; pairs "
            + "(e.g. Host=127.0.0.1;Database=mosaic;Username=mosaic;Password=...); URLs are not read",
            stderr.Trim());
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Run_WithCluster_SubmitsToTheRunningCluster()
    {
        var (input, output) = Files(valid: 6, malformed: 1);
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Workers = 2, Grains = ZooPool.Options(ZooDirectory) });

        var (exit, stdout, stderr) = CliRunner.Run(
            "run", "-i", input, "-o", output, "--cluster", $"localhost:{string.Join(',', cluster.GatewayPorts)}",
            "--cluster-id", cluster.ClusterId, "--service-id", cluster.ClusterId, "--json");

        Assert.True(exit == 0, stderr);
        Assert.Contains("the cluster at localhost:", JsonDocument.Parse(stdout).RootElement.GetProperty("cluster").GetString());
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(7, lines.Length);
        Assert.Equal(6, lines.Count(l => l.GetProperty("error").ValueKind == JsonValueKind.Null));
    }

    /// <summary>
    /// A batch whose job ends before answering every request (cancelled by another client here; failed, in a helper's
    /// run, when its silo lacked an expert) said "answered: 200/200" and exited 0 until 2026-12-05. It is exit code 1
    /// naming how the job ended, and each unanswered line says it too.
    /// </summary>
    [Fact]
    public async Task Run_JobEndedBeforeAnswering_ExitCode1AndEachLineSaysWhy()
    {
        var (input, output) = Files(valid: 60, malformed: 0);
        // The zoo's models, emulated at a pace that leaves the test time to cancel the job (the real ones answer 60
        // questions in about a second).
        var grains = ZooPool.Options(ZooDirectory);
        (grains.Backend, grains.TimeScale) = (Mosaic.Grains.Hosting.BackendKind.Emulated, 0.5);
        await using var cluster = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { Workers = 2, Grains = grains });
        var stores = cluster.Silos.Select(s => s.Services.GetRequiredService<IJobStore>()).Distinct().ToArray();

        var run = Task.Run(() => CliRunner.Run(
            "run", "-i", input, "-o", output, "--cluster", $"localhost:{string.Join(',', cluster.GatewayPorts)}",
            "--cluster-id", cluster.ClusterId, "--service-id", cluster.ClusterId));
        string? id = null;
        while (id is null)
        {
            if (run.IsCompleted)
            {
                Assert.Fail($"the run ended before its job could be cancelled: {(await run).Stderr}");
            }

            id = (await Task.WhenAll(stores.Select(store => store.ListRunningJobsAsync()))).SelectMany(ids => ids).FirstOrDefault();
            await Task.Delay(20);
        }

        await cluster.Mosaic.CancelAsync(id);
        var (exit, _, stderr) = await run;

        Assert.True(exit == 1, stderr);
        Assert.Contains($"error: job {id} cancelled; the output says so on each line it left unanswered", stderr, StringComparison.Ordinal);
        var errors = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("error")).Where(e => e.ValueKind != JsonValueKind.Null).ToArray();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal($"the job ended before this question was answered (job {id} cancelled)", e.GetProperty("message").GetString()));
    }

    /// <summary>A file without one valid request is bad input: exit code 2 and one line, and still each line's error in the output (it was exit code 0).</summary>
    [Fact]
    public void Run_OnlyMalformedLines_WritesTheirErrorsWithoutAClusterAndExitCode2()
    {
        var (input, output) = Files(valid: 0, malformed: 3);

        var (exit, stdout, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--json");

        Assert.True(exit == 2, stderr);
        Assert.Equal($"error: no line of {input} is a valid request; the output has each line's error", stderr.Trim());
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.StartsWith("none", summary.GetProperty("cluster").GetString());
        Assert.Equal((3, 0), (summary.GetProperty("requests").GetInt32(), summary.GetProperty("valid_requests").GetInt32()));
        Assert.Equal(3, File.ReadAllLines(output).Length);
    }

    /// <summary>
    /// Valid requests of which none got an answer (each prompt over every model's context) fail the run: exit code 1 and
    /// one line, the output written with each line's error. Until 2026-12-06 this run exited 0.
    /// </summary>
    [Fact]
    public void Run_NoValidRequestAnswered_ExitCode1AndEachLineSaysWhy()
    {
        var directory = Path.GetDirectoryName(GanttRendererTests.Temp("x"))!;
        var input = Path.Combine(directory, "too-long.jsonl");
        var question = "What is the sum of " + string.Join(" + ", Enumerable.Range(1, 400)) + "?";
        File.WriteAllLines(input, Enumerable.Range(1, 3).Select(i => BatchRequestsTests.Request($"long-{i}", question)));
        var output = Path.Combine(directory, "too-long-results.jsonl");

        var (exit, stdout, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--json");

        Assert.True(exit == 1, stderr);
        Assert.Equal("error: none of the 3 valid requests got an answer; the output has each line's error",
            Assert.Single(stderr.Split('\n'), l => l.StartsWith("error", StringComparison.Ordinal)).Trim());
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal((3, 3, 0), (summary.GetProperty("requests").GetInt32(), summary.GetProperty("valid_requests").GetInt32(), summary.GetProperty("answered").GetInt32()));
        var errors = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("error")).ToArray();
        Assert.Equal(3, errors.Length);
        Assert.All(errors, e => Assert.Equal("context_length_exceeded", e.GetProperty("code").GetString()));
    }

    [Fact]
    public void Run_EmptyFile_ExitCode2AndAnEmptyOutput()
    {
        var directory = Path.GetDirectoryName(GanttRendererTests.Temp("x"))!;
        var (input, output) = (Path.Combine(directory, "empty.jsonl"), Path.Combine(directory, "empty-results.jsonl"));
        File.WriteAllText(input, "\n");

        var (exit, _, stderr) = CliRunner.Run("run", "-i", input, "-o", output);

        Assert.True(exit == 2, stderr);
        Assert.Equal($"error: {input} has no request line", stderr.Trim());
        Assert.Empty(File.ReadAllText(output));
    }

    [Fact]
    public void Run_MissingInput_IsOneLine()
    {
        var (exit, _, stderr) = CliRunner.Run("run", "-i", "/no/such/requests.jsonl", "-o", "out.jsonl");

        Assert.Equal(2, exit);
        Assert.Equal("error: /no/such/requests.jsonl: no such file", stderr.Trim());
    }

    /// <summary>An output path that could not be written at the end is refused before any request runs: one line, exit code 2.</summary>
    [Fact]
    public void Run_OutputIsAFolderOrUnderAFile_IsOneLineBeforeAnythingRuns()
    {
        var (input, output) = Files(valid: 2, malformed: 0);
        var folder = Path.GetDirectoryName(output)!;
        var underFile = Path.Combine(input, "results.jsonl");

        var intoFolder = CliRunner.Run("run", "-i", input, "-o", folder);
        var intoFile = CliRunner.Run("run", "-i", input, "-o", underFile);

        Assert.Equal((2, "", $"error: -o '{folder}' is a folder; name the file to write, such as {Path.Combine(folder, "results.jsonl")}\n"), intoFolder);
        Assert.Equal((2, "", $"error: -o '{underFile}': '{input}' is a file, not a folder\n"), intoFile);
    }

    /// <summary>An internal error ("The file … already exists") after the pool was read, until 2026-12-06.</summary>
    [Fact]
    public void Run_DataIsAFile_IsOneLineBeforeAnythingRuns()
    {
        var (input, output) = Files(valid: 2, malformed: 0);

        var result = CliRunner.Run("run", "-i", input, "-o", output, "--data", input);

        Assert.Equal((2, "", $"error: --data '{input}' is a file, not a folder\n"), result);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Run_OutputIsTheInput_IsOneLineAndTheRequestsStay()
    {
        // The results used to replace the requests.
        var (input, _) = Files(valid: 2, malformed: 0);
        var requests = File.ReadAllText(input);

        var result = CliRunner.Run("run", "-i", input, "-o", input);

        Assert.Equal((2, "", $"error: -o '{input}' is the input file: the results would replace the requests\n"), result);
        Assert.Equal(requests, File.ReadAllText(input));
    }

    /// <summary><c>-o /dev/stdout</c>: the results are the process's stdout, one JSON object per line; the summary goes to stderr (it used to end the stream).</summary>
    [Fact]
    public async Task Run_ToDevStdout_StdoutIsOnlyTheResultLines()
    {
        var (input, _) = Files(valid: 3, malformed: 1);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet",
            ["exec", Path.Combine(AppContext.BaseDirectory, "mosaic.dll"), "run", "-i", input, "-o", "/dev/stdout", "--config", EmulatedZooConfig(Path.GetDirectoryName(input)!)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var run = System.Diagnostics.Process.Start(start)!;
        var stderr = run.StandardError.ReadToEndAsync();
        var stdout = await run.StandardOutput.ReadToEndAsync();
        await run.WaitForExitAsync();

        Assert.Equal(0, run.ExitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(l).RootElement.ValueKind));
        Assert.Contains("wrote 4 lines to /dev/stdout", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutputThroughALinkOrToAFifo_WritesWhatItNamesAndKeepsIt()
    {
        // The rename over the output used to replace a link with a file (and /dev/null, run as root, with a file).
        var (input, output) = Files(valid: 3, malformed: 0);
        var folder = Path.GetDirectoryName(output)!;
        var config = EmulatedZooConfig(folder);
        var target = Path.Combine(folder, "target.jsonl");
        File.WriteAllText(target, "old\n");
        var link = Path.Combine(folder, "link.jsonl");
        File.Delete(link);
        File.CreateSymbolicLink(link, target);
        var fifo = Path.Combine(folder, "results.fifo");
        File.Delete(fifo);
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        var throughLink = CliRunner.Run("run", "-i", input, "-o", link, "--config", config);
        var reader = Task.Run(() => File.ReadAllLines(fifo)); // opening a FIFO blocks until its writer opens it
        var toFifo = CliRunner.Run("run", "-i", input, "-o", fifo, "--config", config);

        Assert.True(throughLink.ExitCode == 0, throughLink.Stderr);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(3, File.ReadAllLines(target).Length);
        Assert.True(toFifo.ExitCode == 0, toFifo.Stderr);
        Assert.Equal(3, (await reader.WaitAsync(TimeSpan.FromSeconds(30))).Length);
        Assert.Equal(FileKind.Special, FileKinds.Of(fifo));
    }

    /// <summary>
    /// A pool whose expert has a tokenizer.json the loader cannot honour is refused before anything runs: one line
    /// naming the expert and the file, exit code 2 (bad input, not an internal error), no output file.
    /// </summary>
    [Fact]
    public void Run_PoolWithAnUnloadableTokenizer_IsOneLineAndExitCode2()
    {
        var (input, output) = Files(valid: 3, malformed: 0);
        var directory = ZooCommandTests.CopyOfTheZoo();
        try
        {
            var tokenizer = Path.Combine(directory, "think-lists", "tokenizer.json");
            File.WriteAllText(tokenizer, """
                {"version": "1.0", "added_tokens": [], "normalizer": {"type": "Precompiled", "precompiled_charsmap": "AAAA"},
                 "pre_tokenizer": null, "decoder": null, "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}
                """);

            var (exit, _, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--config", Path.Combine(directory, "pool.json"));

            Assert.True(exit == 2, stderr);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
            Assert.StartsWith($"error: expert 'think-lists': {tokenizer}: tokenizer.json cannot be honoured", line, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Run_PoolAskingForCudaWithoutIt_IsOneLineAndExitCode2()
    {
        // Every model load used to fail, and the run "answered" every line with empty content and exit code 0.
        if (Mosaic.Inference.TorchRuntime.CudaAvailable)
        {
            return; // the CUDA build on a GPU machine: nothing to refuse (CI and the default build are CPU)
        }

        var (input, output) = Files(valid: 3, malformed: 0);
        var config = ZooConfig(Path.GetDirectoryName(output)!, "pool-cuda.json", pool => pool["device"] = "cuda:0");

        var (exit, _, stderr) = CliRunner.Run("run", "-i", input, "-o", output, "--config", config);

        Assert.Equal(2, exit);
        Assert.Equal(
            "error: device 'cuda:0' was asked for, but libtorch sees no CUDA device on this machine (a CPU build, or no GPU); use device 'cpu' or 'auto'",
            Assert.Single(stderr.Split('\n'), l => l.StartsWith("error", StringComparison.Ordinal)));
        Assert.False(File.Exists(output));
    }

    /// <summary>
    /// The shipped zoo's pool file on the emulated backend (answers drawn as the paper's experts answer), its costs scaled
    /// by <paramref name="timeScale"/> (0: instant), its model folders made absolute, written into <paramref name="directory"/>.
    /// </summary>
    internal static string EmulatedZooConfig(string directory, double timeScale = 0) =>
        ZooConfig(directory, "pool-emulated.json", pool =>
        {
            pool["backend"] = "emulated";
            pool["time_scale"] = timeScale;
        });

    /// <summary>The shipped zoo's pool file with <paramref name="change"/> made, its model folders absolute, written as <paramref name="fileName"/>.</summary>
    private static string ZooConfig(string directory, string fileName, Action<JsonObject> change)
    {
        var pool = JsonNode.Parse(File.ReadAllText(Path.Combine(ZooDirectory, "pool.json")))!.AsObject();
        change(pool);
        foreach (var (_, expert) in pool["experts"]!.AsObject())
        {
            expert!["path"] = Path.Combine(ZooDirectory, expert["path"]!.GetValue<string>());
        }

        pool["aggregator"]!["path"] = Path.Combine(ZooDirectory, pool["aggregator"]!["path"]!.GetValue<string>());
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, pool.ToJsonString());
        return path;
    }

    /// <summary>
    /// <paramref name="valid"/> zoo test questions as OpenAI Batch requests (every other question of the split, so
    /// every skill), with <paramref name="malformed"/> bad lines of different kinds spread among them.
    /// </summary>
    private static (string Input, string Output) Files(int valid, int malformed)
    {
        var directory = Path.GetDirectoryName(GanttRendererTests.Temp("x"))!;
        var questions = ZooDataset.Default.Test.Where((_, i) => i % 2 == 0).Take(valid).Select(q => BatchRequestsTests.Request(q.Id, q.Text, extra: $$""", "mosaic": {"gold": "{{q.Answer}}"}""")).ToList();
        var bad = new[]
        {
            "{ not json",
            BatchRequestsTests.Request("bad-model", "What is 1 + 1?", model: "gpt-4o"),
            """{"custom_id": "no-user", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "mosaic", "messages": []}}""",
            """{"custom_id": "bad-url", "method": "POST", "url": "/v1/completions", "body": {"model": "mosaic", "messages": [{"role": "user", "content": "x"}]}}""",
            "[]",
        };
        for (var i = 0; i < malformed; i++)
        {
            questions.Insert(Math.Min(questions.Count, (i + 1) * 50), bad[i % bad.Length]);
        }

        var input = Path.Combine(directory, "requests.jsonl");
        File.WriteAllLines(input, questions);
        return (input, Path.Combine(directory, "results.jsonl"));
    }

    /// <summary>
    /// <c>mosaic run</c> on <paramref name="config"/> as a child process, returned once its progress line counts decided
    /// questions; its store goes beside its output (a killed run cannot delete the temporary one it would make).
    /// </summary>
    private static Task<RunningProcess> RunningAsync(string input, string output, string config) =>
        RunningProcess.StartMosaicAsync(Path.GetDirectoryName(output)!, "decided", "run", "-i", input, "-o", output, "--config", config,
            "--data", Path.Combine(Path.GetDirectoryName(output)!, "data"));
}
