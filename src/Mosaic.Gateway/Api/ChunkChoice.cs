namespace Mosaic.Gateway.Api;

internal sealed record ChunkChoice(int Index, ChunkDelta Delta, string? FinishReason)
{
    public object? Logprobs => null;
}
