using Mosaic.Benchmarks.Processes;

namespace Mosaic.Silo.Tests;

/// <summary>Bad settings through the real <c>Mosaic.Silo</c> process: the exit code and exactly one line on stderr, no stack trace.</summary>
public sealed class SiloConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string, string[], string[], int, string> Cases => new()
    {
        { "bad worker name", ["Mosaic:Worker=gpu@1"], [], 2, "Mosaic:Worker 'gpu@1'" },
        { "bad silo port", ["Silo:SiloPort=70000"], [], 2, "Silo:SiloPort must be a TCP port, got '70000'" },
        { "bad gateway port on the command line", [], ["--gateway-port", "http"], 2, "Silo:GatewayPort must be a TCP port, got 'http'" },
        { "bad backend", ["Mosaic:Backend=cuda"], [], 2, "Mosaic:Backend 'cuda' must be one of emulated, torchsharp" },
        { "bad backend on the command line", [], ["--backend", "gpu"], 2, "Mosaic:Backend 'gpu' must be one of emulated, torchsharp" },
        { "bad number", ["Mosaic:TimeScale=fast"], [], 2, "'Mosaic:TimeScale'" },
        { "unknown storage provider", ["Mosaic:Storage:Provider=mongodb"], [], 2, "Mosaic:Storage:Provider 'mongodb' is not supported" },
        { "storage provider on the command line", [], ["--Mosaic:Storage:Provider=mongodb"], 2, "Mosaic:Storage:Provider 'mongodb' is not supported" },
        {
            "unreachable database",
            ["Mosaic:Storage:Provider=postgres", "Mosaic:Storage:ConnectionString=Host=127.0.0.1;Port=1;Username=mosaic;Password=x;Database=mosaic;Timeout=5"],
            [], 1, "PostgreSQL storage: cannot connect to 127.0.0.1:1/mosaic as mosaic"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    [Trait("Category", "Process")]
    public async Task Silo_BadSetting_ExitsWithItsCodeAndOneLine(string name, string[] settings, string[] arguments, int exitCode, string expected)
    {
        await using var silo = SiloProcess.Start(new SiloProcessOptions("gpu0", 1, 1)
        {
            // Valid ports unless the case overrides them; nothing binds them, since the silo must stop before starting.
            Settings = settings.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]),
            Arguments = arguments,
        });

        var (code, lines) = await silo.WaitForExitAndOutputAsync(ExitTimeout);
        var errors = silo.ErrorLines();

        Assert.True(code == exitCode, $"{name}: exit code {code}, expected {exitCode}; output:{silo.Tail(30)}");
        var line = Assert.Single(errors);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    /// <summary>
    /// On the torchsharp backend every expert's model folder is checked at start: one truncated checkpoint among
    /// valid ones stops the silo with a line naming that expert and its file, before Orleans starts.
    /// </summary>
    [Fact]
    [Trait("Category", "Process")]
    public async Task Silo_TorchSharpExpertWithATruncatedCheckpoint_ExitsNamingTheExpertAndTheFile()
    {
        var zoo = Path.Combine(RepositoryRoot(), "models", "zoo");
        var corrupt = Directory.CreateTempSubdirectory("mosaic-corrupt-model-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(zoo, "quick-small")))
            {
                File.Copy(file, Path.Combine(corrupt, Path.GetFileName(file)));
            }

            var weights = Path.Combine(corrupt, "model.safetensors");
            using (var stream = new FileStream(weights, FileMode.Open))
            {
                stream.SetLength(stream.Length / 2);
            }

            var settings = new Dictionary<string, string> { ["Mosaic:Backend"] = "torchsharp" };
            foreach (var expert in new[] { "Gemma", "QwenR1", "Qwen", "LlamaR1", "Exaone", "GLM", "Agg" })
            {
                settings[$"Mosaic:Experts:{expert}:ModelPath"] = expert == "Qwen" ? corrupt : Path.Combine(zoo, "quick-small");
            }

            await using var silo = SiloProcess.Start(new SiloProcessOptions("gpu0", 1, 1) { Settings = settings });
            var (code, lines) = await silo.WaitForExitAndOutputAsync(ExitTimeout);

            Assert.True(code == 2, $"exit code {code}, expected 2; output:{silo.Tail(30)}");
            var line = Assert.Single(silo.ErrorLines());
            Assert.StartsWith("error: expert 'Qwen': ", line, StringComparison.Ordinal);
            Assert.Contains(weights, line, StringComparison.Ordinal);
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(corrupt, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (Directory.Exists(Path.Combine(folder.FullName, "models", "zoo")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no models/zoo above {AppContext.BaseDirectory}");
    }
}
