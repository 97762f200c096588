using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>Discovers <see cref="EvalDataFactAttribute"/> tests: as ordinary facts, or — under <c>CI=true</c> without
/// the eval data — as test cases that fail with the reason (xunit's <see cref="ExecutionErrorTestCase"/>).</summary>
public sealed class EvalDataFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions,
        ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        if (EvalDataFactAttribute.CiFailure(EvalData.Directory, Environment.GetEnvironmentVariable("CI")) is { } failure)
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
