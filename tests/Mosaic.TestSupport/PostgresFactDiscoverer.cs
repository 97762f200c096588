using Xunit.Abstractions;

namespace Mosaic.TestSupport;

/// <summary>Discovers <see cref="PostgresFactAttribute"/> tests; in CI without a database they fail with the reason.</summary>
public sealed class PostgresFactDiscoverer(IMessageSink diagnosticMessageSink) : CiFailingFactDiscoverer(diagnosticMessageSink)
{
    protected override string? CiFailure(string? ci) => PostgresFactAttribute.CiFailure(PostgresFactAttribute.ConnectionString, ci);
}
