namespace Mosaic.Grains.Hosting;

/// <summary>What runs the models on a worker.</summary>
public enum BackendKind
{
    /// <summary>Durations and answers from the calibrated emulation model; every result is labelled emulated.</summary>
    Emulated,

    /// <summary>Real generation with TorchSharp.</summary>
    TorchSharp,
}
