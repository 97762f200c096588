namespace Mosaic.Abstractions.Results;

/// <summary>How a model call ended.</summary>
public enum CallStatus
{
    /// <summary>The model answered.</summary>
    Completed,

    /// <summary>An early gate decision made the call unnecessary, or the job was cancelled.</summary>
    Cancelled,

    /// <summary>The generation failed (the gate counts it as a missing vote); the error says why.</summary>
    Failed,
}
