namespace Mosaic.Gateway.Api;

internal sealed record ChatChoice(int Index, ChatMessage Message, string FinishReason)
{
    public object? Logprobs => null;
}
