using Xunit.Abstractions;

namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>Discovers <see cref="EvalDataFactAttribute"/> tests; under <c>CI=true</c> without the eval data they fail
/// with the reason.</summary>
public sealed class EvalDataFactDiscoverer(IMessageSink diagnosticMessageSink) : CiFailingFactDiscoverer(diagnosticMessageSink)
{
    protected override string? CiFailure(string? ci) => EvalDataFactAttribute.CiFailure(EvalData.Directory, ci);
}
