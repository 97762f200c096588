using System.Text.Json;
using Mosaic.Inference;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Cli.Tests;

public sealed class ProfileCommandTests
{
    [Fact]
    public void Profile_WritesAnExpertProfile_ForATinyModelFolder()
    {
        var (directory, modelDirectory, prompts) = TinyModelFolder();
        var output = Path.Combine(directory, "out", "profile.json");

        var (exit, stdout, stderr) = CliRunner.Run(
            "profile", "--model", modelDirectory, "--prompts", prompts, "--batches", "1,2,3", "--max-new-tokens", "4",
            "--kind", "reasoning", "--out", output, "--json", "--threads", "1", "--device", "cpu");

        Assert.True(exit == 0, stderr);
        var printed = JsonDocument.Parse(stdout).RootElement;
        var written = JsonDocument.Parse(File.ReadAllText(output)).RootElement;
        Assert.Equal(printed.ToString(), written.ToString());
        Assert.Equal("tiny-expert", written.GetProperty("expert").GetString());
        Assert.Equal("reasoning", written.GetProperty("kind").GetString());
        Assert.True(written.GetProperty("load_s").GetDouble() > 0);
        Assert.InRange(written.GetProperty("max_output_tokens").GetDouble(), 1, 4);
        Assert.True(written.GetProperty("single_stream_s_per_token").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Object, written.GetProperty("session_time").ValueKind);
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("under-a-file")]
    public void Profile_OutputThatCannotBeWritten_OneLineBeforeTheMeasurement(string where)
    {
        // The profile was measured and then lost to an internal error (UnauthorizedAccessException, IOException).
        var (directory, modelDirectory, prompts) = TinyModelFolder();
        var output = where == "folder" ? directory : Path.Combine(prompts, "profile.json");

        var (exit, stdout, stderr) = CliRunner.Run(
            "profile", "--model", modelDirectory, "--prompts", prompts, "--max-new-tokens", "2", "--out", output, "--threads", "1", "--device", "cpu");

        Assert.Equal(2, exit);
        Assert.StartsWith($"error: --out '{output}'", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Empty(stdout);
    }

    [Fact]
    public void Profile_CudaOnABuildWithoutIt_OneLine()
    {
        if (TorchRuntime.CudaAvailable)
        {
            return; // a GPU build runs it
        }

        var (directory, modelDirectory, prompts) = TinyModelFolder();

        var (exit, _, stderr) = CliRunner.Run("profile", "--model", modelDirectory, "--prompts", prompts, "--out", Path.Combine(directory, "p.json"), "--device", "cuda");

        Assert.Equal(2, exit); // an internal error, exit 1, until 2026-12-05
        Assert.Equal("error: --device cuda: libtorch sees no CUDA device on this machine (a CPU build, or no GPU); use cpu or auto", stderr.Trim());
    }

    /// <summary>A random two-layer model folder and a prompts file of three lines, in a fresh temporary folder.</summary>
    private static (string Directory, string Model, string Prompts) TinyModelFolder()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mosaic-cli-profile", Guid.NewGuid().ToString("N"));
        var modelDirectory = Path.Combine(directory, "tiny-expert");
        const string text = "what is two plus two?\nname a colour\nsay hello\n";
        var tokenizer = CharTokenizer.FromText(text);
        var config = new ModelConfig
        {
            VocabSize = tokenizer.VocabularySize, HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1,
            NumAttentionHeads = 2, NumKeyValueHeads = 1, AttentionBias = true, MaxPositionEmbeddings = 256,
        };
        using (var model = LanguageModel.CreateRandom(config, tokenizer, seed: 3))
        {
            model.Save(modelDirectory);
        }

        var prompts = Path.Combine(directory, "prompts.txt");
        File.WriteAllText(prompts, text);
        return (directory, modelDirectory, prompts);
    }

    [Fact]
    public void Profile_BadModelFolder_IsOneLineUsageError()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mosaic-cli-profile", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var prompts = Path.Combine(directory, "prompts.txt");
        File.WriteAllText(prompts, "hello\n");

        var (exit, _, stderr) = CliRunner.Run("profile", "--model", directory, "--prompts", prompts, "--out", Path.Combine(directory, "p.json"));

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("config.json not found", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        // A folder that is not there is named as such (it was "config.json not found" until 2026-12-06).
        var (missingExit, _, missing) = CliRunner.Run("profile", "--model", Path.Combine(directory, "nope"), "--prompts", prompts, "--out", Path.Combine(directory, "p.json"));
        Assert.Equal((2, true), (missingExit, missing.Contains("model folder not found", StringComparison.Ordinal)));
    }

    [Fact]
    public void Profile_RejectsAnUnknownKind()
    {
        var (exit, _, stderr) = CliRunner.Run("profile", "--model", "m", "--prompts", "p", "--out", "o", "--kind", "chatty");
        Assert.Equal(2, exit);
        Assert.Contains("--kind", stderr, StringComparison.Ordinal);
        Assert.Contains("'reasoning'", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void BenchInference_Markdown_TheTableStandsAlone()
    {
        var (exit, stdout, stderr) = CliRunner.Run(
            "bench", "inference", "--batches", "1", "--threads", "1", "--tokens", "2", "--repeats", "1",
            "--arrival-requests", "4", "--arrival-tokens", "2", "--arrival-ms", "1");

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith('|'));
        var last = Array.FindLastIndex(lines, l => l.StartsWith('|'));
        // The lines after the table were read as its rows in Markdown until 2026-12-05.
        Assert.Equal("", lines[first - 1]);
        Assert.Equal("", lines[last + 1]);
        Assert.StartsWith("peak RSS", lines[last + 2], StringComparison.Ordinal);
    }

    [Fact]
    public void BenchInference_Json_HasTheDocumentedShape()
    {
        var (exit, stdout, stderr) = CliRunner.Run(
            "bench", "inference", "--json", "--batches", "1,2", "--threads", "1", "--tokens", "2", "--repeats", "1",
            "--arrival-requests", "6", "--arrival-tokens", "3", "--arrival-ms", "1");

        Assert.True(exit == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var runs = root.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal(4, runs.Length);
        Assert.All(runs, r => Assert.True(r.GetProperty("tokens_per_s").GetDouble() > 0));
        Assert.Equal(["tiny-1m", "small-25m"], runs.Select(r => r.GetProperty("model").GetString()).Distinct());
        Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Object, root.GetProperty("batch64_over_batch1").ValueKind);
        var arrivals = root.GetProperty("continuous_batching");
        Assert.Equal("tiny-1m", arrivals.GetProperty("model").GetString());
        Assert.Equal(64, arrivals.GetProperty("batch").GetInt32());
        Assert.Equal(6, arrivals.GetProperty("requests").GetInt32());
        Assert.Equal(3, arrivals.GetProperty("new_tokens").GetInt32());
        Assert.Equal(1, arrivals.GetProperty("interval_ms").GetDouble());
        Assert.True(arrivals.GetProperty("all_at_once_tokens_per_s").GetDouble() > 0);
        Assert.True(arrivals.GetProperty("staggered_tokens_per_s").GetDouble() > 0);
        Assert.True(arrivals.GetProperty("staggered_over_all_at_once").GetDouble() > 0);
        // Six 3-token requests need at least three passes (prefill with the first token, then two decode steps).
        Assert.InRange(arrivals.GetProperty("all_at_once_forward_passes").GetInt64(), 3, 18);
        Assert.Contains("tiny-1m threads=1 batch=2:", stderr, StringComparison.Ordinal); // progress, on stderr as for every command
    }

    [Fact]
    public void BenchInference_RejectsANegativeArrivalInterval()
    {
        var (exit, _, stderr) = CliRunner.Run("bench", "inference", "--arrival-ms", "-1");
        Assert.Equal(2, exit);
        Assert.Contains("--arrival-ms", stderr, StringComparison.Ordinal);
    }
}
