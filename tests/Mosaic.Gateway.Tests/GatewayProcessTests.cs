using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// <c>Mosaic.Gateway</c> as its own process, in front of a cluster that does not answer (its client keeps trying): a
/// SIGTERM stops it cleanly, and a port held by another process is one line and exit code 1 at once. Until 2026-12-05
/// the first crashed with 134 and the second waited, silent, for the cluster.
/// </summary>
public sealed class GatewayProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Gateway_TerminatedWhileItsClusterDoesNotAnswer_StopsCleanlyWithOneLine()
    {
        var port = FreePort.Next();
        using var gateway = Start(port, out var stderr, out var stdout);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await UntilListeningAsync(http, gateway);
        // Why it waits, in one line, not Orleans' connection warning with a stack trace per attempt (until 2026-12-05).
        for (var deadline = DateTime.UtcNow + Patience; !stdout.ToString().Contains("No silo of the cluster has answered yet (cluster id ", StringComparison.Ordinal);)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no line saying that no silo answers:\n{stdout}");
            await Task.Delay(100);
        }

        using (var kill = Process.Start("kill", ["-TERM", gateway.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await gateway.WaitForExitAsync(new CancellationTokenSource(Patience).Token);
        Assert.True(gateway.ExitCode == 0, $"exit code {gateway.ExitCode}:\n{stderr}");
        Assert.Contains("stopped before the cluster answered", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr.ToString(), StringComparison.Ordinal);
        // The gateway shipped no logging settings until 2026-12-05 and logged at debug level.
        Assert.Contains("Now listening on", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("dbug:", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", stdout.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_PortHeldAndClusterSilent_OneLineAndExitCode1AtOnce()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var held = ((IPEndPoint)holder.LocalEndpoint).Port;
        using var gateway = Start(held, out var stderr, out var stdout);

        await gateway.WaitForExitAsync(new CancellationTokenSource(Patience).Token);

        Assert.True(gateway.ExitCode == 1, $"exit code {gateway.ExitCode}:\n{stderr}");
        Assert.Contains($"error: Failed to bind to address http://127.0.0.1:{held}: address already in use.", stderr.ToString(), StringComparison.Ordinal);
        // With the bind failure's stack trace, until 2026-12-05 (the silent cluster's connection warnings stay).
        Assert.DoesNotContain("Hosting failed to start", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_StoreUnreachable_OneLineNamingItAndExitCode1()
    {
        var closed = FreePort.Next();
        using var gateway = Start(FreePort.Next(), out var stderr, out var stdout, new()
        {
            ["Mosaic__Storage__Provider"] = "postgres",
            ["Mosaic__Storage__ConnectionString"] = $"Host=127.0.0.1;Port={closed};Username=mosaic;Password=secret;Database=mosaic;Timeout=3",
        });

        await gateway.WaitForExitAsync(new CancellationTokenSource(Patience).Token);

        // Until 2026-12-05 an unhandled exception: 50 lines of stack trace and exit code 134.
        Assert.True(gateway.ExitCode == 1, $"exit code {gateway.ExitCode}:\n{stderr}");
        Assert.Contains($"error: PostgreSQL storage: cannot connect to 127.0.0.1:{closed}/mosaic as mosaic", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", stdout.ToString(), StringComparison.Ordinal); // with the stack trace, until the same day
        Assert.DoesNotContain(" at ", stdout.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// One Information line per request with its status, duration, request id, model (when the request named one) and
    /// trace id; the probes' lines are Debug, below the gateway's default level. Until 2026-12-06 it logged no request.
    /// </summary>
    [Fact]
    public async Task Gateway_EachRequest_OneAccessLineWithItsStatus_ProbesBelowTheDefaultLevel()
    {
        var port = FreePort.Next();
        using var gateway = Start(port, out _, out var stdout);
        try
        {
            await AccessLinesAsync(port, gateway, stdout);
        }
        finally
        {
            gateway.Kill(entireProcessTree: true); // a gateway left running outlives the test run
        }
    }

    private static async Task AccessLinesAsync(int port, Process gateway, OutputLines stdout)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Patience };
        await UntilListeningAsync(http, gateway);
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        using var missing = new HttpRequestMessage(HttpMethod.Get, "v1/models/nope");
        missing.Headers.Add("x-request-id", "req-missing-model");
        missing.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var chat = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = Json.Body("""{"model": "mosaic", "messages": [{"role": "user", "content": "What is 2 + 3?"}]}"""),
        };
        chat.Headers.Add("x-request-id", "req-chat");

        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(missing)).StatusCode);
        var chatStatus = (int)(await http.SendAsync(chat)).StatusCode; // no silo answers: a 503
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("readyz")).StatusCode);
        for (var deadline = DateTime.UtcNow + Patience; !stdout.ToString().Contains("(request req-chat,", StringComparison.Ordinal);)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no access line of the chat request:\n{stdout}");
            await Task.Delay(100);
        }

        var lines = stdout.ToString();
        Assert.Matches($@"GET /v1/models/nope 404 \d+\.\d ms \(request req-missing-model, trace {trace}\)", lines);
        Assert.Matches($@"POST /v1/chat/completions {chatStatus} \d+\.\d ms \(request req-chat, model mosaic, trace [0-9a-f]{{32}}\)", lines);
        Assert.Contains("info: Mosaic.Gateway.AccessLog", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("/healthz", lines, StringComparison.Ordinal);
        Assert.DoesNotContain("/readyz", lines, StringComparison.Ordinal);
    }

    /// <summary>The gateway next to this test's assembly, on <paramref name="port"/>, its client aimed at a port nothing listens on.</summary>
    private static Process Start(int port, out OutputLines stderr, Dictionary<string, string>? settings = null) => Start(port, out stderr, out _, settings);

    private static Process Start(int port, out OutputLines stderr, out OutputLines stdout, Dictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Mosaic.Gateway.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Mosaic__Pool__Experts__0"] = "a";
        start.Environment["Mosaic__Storage__Provider"] = "memory";
        start.Environment["Mosaic__Client__GatewayPorts__0"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? [])
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var lines = new OutputLines();
        var output = new OutputLines();
        process.ErrorDataReceived += (_, e) => lines.Add(e.Data);
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        stderr = lines;
        stdout = output;
        return process;
    }

    private static async Task UntilListeningAsync(HttpClient http, Process gateway)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Assert.False(gateway.HasExited, "the gateway exited before it listened");
            try
            {
                await http.GetAsync("healthz");
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>A process's lines (stderr or stdout) as they arrive, readable while it runs.</summary>
    private sealed class OutputLines
    {
        private readonly System.Text.StringBuilder _text = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_text)
            {
                _text.AppendLine(line);
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
