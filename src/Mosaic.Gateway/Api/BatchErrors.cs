using Mosaic.Gateway.Batches;

namespace Mosaic.Gateway.Api;

internal sealed record BatchErrors(IReadOnlyList<BatchErrorItem> Data)
{
    public string Object => "list";
}
