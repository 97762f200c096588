using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mosaic.TestSupport;

/// <summary>Discovers <see cref="PostgresFactAttribute"/> tests: as ordinary facts, or — in CI without a database — as
/// test cases that fail with the reason (xunit's <see cref="ExecutionErrorTestCase"/>).</summary>
public sealed class PostgresFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        if (PostgresFactAttribute.CiFailure(PostgresFactAttribute.ConnectionString, Environment.GetEnvironmentVariable("CI")) is { } failure)
        {
            return
            [
                new ExecutionErrorTestCase(
                    DiagnosticMessageSink,
                    discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(),
                    testMethod,
                    failure),
            ];
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
