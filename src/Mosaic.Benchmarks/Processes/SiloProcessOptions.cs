namespace Mosaic.Benchmarks.Processes;

/// <summary>
/// How to start one <c>Mosaic.Silo</c> process: its worker id and ports, and any further settings as configuration
/// keys (<c>Mosaic:Storage:Provider</c> → environment variable <c>Mosaic__Storage__Provider</c>).
/// </summary>
internal sealed record SiloProcessOptions(string Worker, int SiloPort, int GatewayPort)
{
    /// <summary>Further settings by configuration key; they override appsettings.json.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Command-line arguments after the silo's path (e.g. <c>--backend torchsharp</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Where the process's output is written, line by line (also kept in memory).</summary>
    public string? LogFile { get; init; }

    /// <summary>The silo to run: <c>Mosaic.Silo.dll</c> (run with <c>dotnet</c>) or its apphost; null finds it (see <see cref="SiloExecutable"/>).</summary>
    public string? SiloPath { get; init; }
}
