namespace Mosaic.Inference.Generation;

/// <summary>Why a sequence stopped.</summary>
public enum FinishReason
{
    /// <summary>An end-of-sequence (or end-of-turn) token was generated.</summary>
    Eos,

    /// <summary>One of the request's stop strings appeared; the text is cut before it.</summary>
    StopString,

    /// <summary>MaxNewTokens, or the engine's sequence length, was reached.</summary>
    Length,

    /// <summary>The request's cancellation token fired (synchronous API only; the async API throws).</summary>
    Cancelled,
}
