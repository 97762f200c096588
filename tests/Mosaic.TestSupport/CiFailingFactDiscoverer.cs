using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mosaic.TestSupport;

/// <summary>
/// Discovers a fact whose dependency may be missing: as an ordinary fact, or, when <see cref="CiFailure"/> gives a
/// reason (in CI without the dependency), as a test case that fails with it (xunit's <see cref="ExecutionErrorTestCase"/>).
/// </summary>
public abstract class CiFailingFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public sealed override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        if (CiFailure(Environment.GetEnvironmentVariable("CI")) is { } failure)
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

    /// <summary>Why the test must fail instead of skipping, given the <c>CI</c> variable; null when it may run or skip.</summary>
    protected abstract string? CiFailure(string? ci);
}
