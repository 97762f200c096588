using System.Text.Json;
using Mosaic.Zoo;
using Mosaic.Zoo.Tasks;

namespace Mosaic.Cli.Tests;

public sealed class PlanProfilesTests
{
    /// <summary>T(N) = 0.5 + 0.1·N + 0.001·N·Ō + 0.01·O^max with Ō = 100, O^max = 200: T(30) = 8.5 s.</summary>
    private const string Reasoning = """
        {"expert": "r", "kind": "reasoning", "load_s": 2, "mean_output_tokens": 100, "max_output_tokens": 200,
         "session_time": {"intercept_s": 0.5, "per_prompt_s": 0.1, "per_token_s": 0.001, "per_tail_token_s": 0.01},
         "single_stream_s_per_token": 0.001}
        """;

    /// <summary>T(N) = 0.02·N·Ō with Ō = 10: T(30) = 6 s.</summary>
    private const string Instruct = """
        {"expert": "i", "kind": "instruct", "load_s": 1, "mean_output_tokens": 10, "max_output_tokens": 20,
         "session_time": {"intercept_s": 0, "per_prompt_s": 0, "per_token_s": 0.02, "per_tail_token_s": 0},
         "single_stream_s_per_token": 0.001}
        """;

    /// <summary>
    /// Every scheduler prices a profiled workload by the profiles. Data parallelism was priced with the paper's GPU shard
    /// floors (about 20 s for a small instruction shard): one worker's 30 instruction prompts cost 24.8 s instead of 6.
    /// </summary>
    [Theory]
    [InlineData("round-robin")]
    [InlineData("data-parallel")]
    public void Workload_IsPricedByTheProfilesAtItsCallCounts(string scheduler)
    {
        var (workload, profiles) = Files(questions: 10);

        var (exit, stdout, stderr) = CliRunner.Run(
            "plan", "--workload", workload, "--profiles", profiles, "--workers", "1", "-k", "2", "--scheduler", scheduler, "--json");

        Assert.True(exit == 0, stderr);
        var schedule = JsonDocument.Parse(stdout).RootElement.GetProperty("schedules")[0];
        var sessions = schedule.GetProperty("workers")[0].GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("expert").GetString()!);
        Assert.Equal(30, sessions["r"].GetProperty("prompts").GetInt32());
        Assert.Equal(8.5, sessions["r"].GetProperty("compute_s").GetDouble(), 3);
        Assert.Equal(2, sessions["r"].GetProperty("load_s").GetDouble(), 3);
        Assert.Equal(6, sessions["i"].GetProperty("compute_s").GetDouble(), 3);
        Assert.Equal(8.5 + 2 + 6 + 1, schedule.GetProperty("makespan_s").GetDouble(), 3);
    }

    [Fact]
    public void Workload_SharingRepeatedCalls_PlansOneCallPerQuestionAndExpert()
    {
        var (workload, profiles) = Files(questions: 10);

        var (exit, stdout, stderr) = CliRunner.Run(
            "plan", "--workload", workload, "--profiles", profiles, "--share-repeated-calls", "--workers", "1", "-k", "2", "--scheduler", "round-robin", "--json");

        Assert.True(exit == 0, stderr);
        var sessions = JsonDocument.Parse(stdout).RootElement.GetProperty("schedules")[0].GetProperty("workers")[0].GetProperty("sessions").EnumerateArray().ToArray();
        Assert.Equal([("r", 10), ("i", 10)], sessions.Select(s => (s.GetProperty("expert").GetString(), s.GetProperty("prompts").GetInt32())).OrderByDescending(s => s.Item1));
    }

    [Fact]
    public void Instance_IsRepricedByTheProfilesOfItsExperts()
    {
        var (_, profiles) = Files(questions: 1);
        var instance = Path.Combine(profiles, "instance.json");
        File.WriteAllText(instance, """
            {"name": "two", "max_models_per_worker": 2, "workers": 1,
             "experts": [{"name": "r", "kind": "reasoning", "load_s": 99, "per_prompt_s": 9, "prompts": 30},
                         {"name": "other", "kind": "instruct", "load_s": 3, "per_prompt_s": 0.5, "prompts": 4}]}
            """);

        var (exit, stdout, stderr) = CliRunner.Run("plan", "--instance", instance, "--profiles", profiles, "--scheduler", "round-robin", "--json");

        Assert.True(exit == 0, stderr);
        var makespan = JsonDocument.Parse(stdout).RootElement.GetProperty("schedules")[0].GetProperty("makespan_s").GetDouble();
        Assert.Equal(2 + 8.5 + 3 + 2, makespan, 3);
    }

    [Fact]
    public void Workload_ExpertWithoutAProfile_IsNamed()
    {
        var (workload, profiles) = Files(questions: 3);
        File.Delete(Path.Combine(profiles, "i", "profile.json"));

        var (exit, _, stderr) = CliRunner.Run("plan", "--workload", workload, "--profiles", profiles);

        Assert.Equal(2, exit);
        Assert.Contains("no profile for expert(s) 'i'", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Timeline_DrawsEachSchedulersPlan()
    {
        var (workload, profiles) = Files(questions: 20);
        var png = Path.Combine(profiles, "plan.png");

        var (exit, _, stderr) = CliRunner.Run("plan", "--workload", workload, "--profiles", profiles, "--workers", "2", "--timeline", png);

        Assert.True(exit == 0, stderr);
        foreach (var scheduler in new[] { "round-robin", "data-parallel", "lpt", "mosaic" })
        {
            var path = Path.Combine(profiles, $"plan-{scheduler}.png");
            Assert.True(Png.HasSignature(path), path);
            using var bitmap = Png.Decode(path);
            var rows = Png.ColouredRows(bitmap, 200, bitmap.Width - 200).Where(y => y < bitmap.Height - 80).ToArray();
            Assert.Equal(2, Png.Bands(rows));
        }
    }

    /// <summary>A folder for --timeline gets one timeline-&lt;scheduler&gt;.png per plan inside it (it used to get siblings named after it, or an IOException for one plan).</summary>
    [Theory]
    [InlineData("mosaic")]
    [InlineData("all")]
    public void Timeline_IntoAFolder_WritesEachPlanInsideIt(string scheduler)
    {
        var (workload, profiles) = Files(questions: 20);
        var folder = Directory.CreateDirectory(Path.Combine(profiles, $"timelines-{scheduler}")).FullName;

        var (exit, _, stderr) = CliRunner.Run("plan", "--workload", workload, "--profiles", profiles, "--workers", "2", "--scheduler", scheduler, "--timeline", folder);

        Assert.True(exit == 0, stderr);
        var expected = scheduler == "all" ? new[] { "data-parallel", "lpt", "mosaic", "round-robin" } : [scheduler];
        Assert.Equal(expected.Select(s => $"timeline-{s}.png"), Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(folder), f => Assert.True(Png.HasSignature(f), f));
    }

    /// <summary>The chart is a PNG: a .jpg or extensionless name is refused before planning, not written as a PNG under that name.</summary>
    [Theory]
    [InlineData("plan.jpg")]
    [InlineData("plan")]
    public void Timeline_NotAPngName_IsAOneLineUsageError(string name)
    {
        var (workload, profiles) = Files(questions: 20);
        var path = Path.Combine(profiles, name);

        var (exit, _, stderr) = CliRunner.Run("plan", "--workload", workload, "--profiles", profiles, "--workers", "2", "--scheduler", "mosaic", "--timeline", path);

        Assert.Equal(2, exit);
        Assert.Contains("--timeline", stderr, StringComparison.Ordinal);
        Assert.Contains(".png", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(path));
    }

    /// <summary>
    /// A pool file plans its experts priced by the profiles it names, on its workers and K, sharing repeats as it says;
    /// until 2026-12-06 plan took an instance or --profiles only, so a pool's user had to write one.
    /// </summary>
    [Theory]
    [InlineData(new string[0], 10)]
    [InlineData(new[] { "--share-repeated-calls", "false" }, 30)]
    public void Config_PlansThePoolsExpertsPricedByItsProfiles(string[] extra, int prompts)
    {
        var (workload, profiles) = Files(questions: 10);
        var pool = Path.Combine(profiles, "pool.json");
        File.WriteAllText(pool, """
            {"backend": "emulated", "workers": 1, "models_per_worker": 2, "aggregator": {"name": "judge"},
             "experts": {"r": {"kind": "reasoning", "profile": "r/profile.json"}, "i": {"profile": "i/profile.json"}}}
            """);

        var (exit, stdout, stderr) = CliRunner.Run(["plan", "--config", pool, "--workload", workload, "--scheduler", "round-robin", "--json", .. extra]);

        Assert.True(exit == 0, stderr);
        var schedule = JsonDocument.Parse(stdout).RootElement.GetProperty("schedules")[0];
        var worker = Assert.Single(schedule.GetProperty("workers").EnumerateArray());
        var sessions = worker.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("expert").GetString()!);
        Assert.Equal((prompts, prompts), (sessions["r"].GetProperty("prompts").GetInt32(), sessions["i"].GetProperty("prompts").GetInt32()));
        Assert.Equal(2, sessions["r"].GetProperty("load_s").GetDouble(), 3);
        if (prompts == 30)
        {
            Assert.Equal(8.5 + 2 + 6 + 1, schedule.GetProperty("makespan_s").GetDouble(), 3);
        }
    }

    /// <summary>Without a workload, the zoo's test questions, routed by the pool as <c>mosaic run</c> routes the same questions.</summary>
    [Fact]
    public void Config_WithoutAWorkload_PlansTheZooTestSplitRoutedAsMosaicRunRoutesIt()
    {
        var zooPool = Path.Combine(ZooPaths.DefaultDirectory(AppContext.BaseDirectory), "pool.json");
        var test = ZooDataset.Default.Test;
        var requests = GanttRendererTests.Temp("zoo-test.jsonl");
        File.WriteAllLines(requests, test.Select(q => BatchRequestsTests.Request(q.Id, q.Text)));

        var byDefault = Prompts("plan", "--config", zooPool, "--scheduler", "round-robin", "--json", "--share-repeated-calls", "false");
        var fromTheFile = Prompts("plan", "--config", zooPool, "--requests", requests, "--scheduler", "round-robin", "--json", "--share-repeated-calls", "false");
        var shared = Prompts("plan", "--config", zooPool, "--scheduler", "round-robin", "--json");

        Assert.Equal(3 * test.Count, byDefault.Values.Sum());
        Assert.Equal(fromTheFile, byDefault);
        Assert.Equal(PoolConfigTests.Zoo().Experts.Order(StringComparer.Ordinal), byDefault.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(shared.Values.Sum(), test.Count, 3 * test.Count - 1); // the pool shares a question's repeats of one expert

        static Dictionary<string, int> Prompts(params string[] args)
        {
            var (exit, stdout, stderr) = CliRunner.Run(args);
            Assert.True(exit == 0, stderr);
            return JsonDocument.Parse(stdout).RootElement.GetProperty("schedules")[0].GetProperty("workers").EnumerateArray()
                .SelectMany(w => w.GetProperty("sessions").EnumerateArray())
                .GroupBy(s => s.GetProperty("expert").GetString()!)
                .ToDictionary(g => g.Key, g => g.Sum(s => s.GetProperty("prompts").GetInt32()));
        }
    }

    [Theory]
    [InlineData("--profiles", "error: --config plans the pool's experts, priced by the pool's own profiles: give it without --instance and --profiles")]
    [InlineData("--requests-only", "error: --requests needs --config (the pool that routes and answers them)")]
    [InlineData("--stranger", "error: routed routes calls to 'r', which is not an expert of POOL (i)")]
    [InlineData("--no-valid-request", "error: no line of REQUESTS is a valid request for this pool")]
    public void Config_Misused_IsOneLineAndExitCode2(string misuse, string expected)
    {
        var (workload, profiles) = Files(questions: 2);
        var pool = Path.Combine(profiles, "pool-i.json");
        File.WriteAllText(pool, """{"backend": "emulated", "experts": {"i": {"profile": "i/profile.json"}}, "aggregator": {}}""");
        var requests = Path.Combine(profiles, "bad-requests.jsonl");
        File.WriteAllLines(requests, ["{ not json", "[]"]);
        string[] args = misuse switch
        {
            "--profiles" => ["plan", "--config", pool, "--workload", workload, "--profiles", profiles],
            "--requests-only" => ["plan", "--requests", requests],
            "--stranger" => ["plan", "--config", pool, "--workload", workload],
            _ => ["plan", "--config", pool, "--requests", requests],
        };

        var (exit, _, stderr) = CliRunner.Run(args);

        Assert.Equal(2, exit);
        Assert.Equal(expected.Replace("POOL", pool, StringComparison.Ordinal).Replace("REQUESTS", requests, StringComparison.Ordinal), stderr.Trim());
    }

    /// <summary>A routed workload where every question goes to r, r, r and i, i, i alternately, and the two profiles.</summary>
    private static (string Workload, string Profiles) Files(int questions)
    {
        var directory = Path.GetDirectoryName(GanttRendererTests.Temp("x"))!;
        Directory.CreateDirectory(Path.Combine(directory, "r"));
        Directory.CreateDirectory(Path.Combine(directory, "i"));
        File.WriteAllText(Path.Combine(directory, "r", "profile.json"), Reasoning);
        File.WriteAllText(Path.Combine(directory, "i", "profile.json"), Instruct);
        var workload = Path.Combine(directory, "routed.jsonl");
        File.WriteAllLines(workload, Enumerable.Range(0, questions).Select(q =>
            $$"""{"id": "q{{q}}", "text": "What is {{q}} + 1?", "skill": "add", "gold": "{{q + 1}}", "experts": ["r", "r", "r"]}""").Concat(
            Enumerable.Range(0, questions).Select(q =>
            $$"""{"id": "c{{q}}", "text": "How many a in ab?", "skill": "count", "gold": "1", "experts": ["i", "i", "i"]}""")));
        return (workload, directory);
    }
}
