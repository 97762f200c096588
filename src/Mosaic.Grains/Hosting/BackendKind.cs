using System.ComponentModel;
using System.Text.Json.Serialization;
using Mosaic.Aggregation;

namespace Mosaic.Grains.Hosting;

/// <summary>What runs the models on a worker.</summary>
[TypeConverter(typeof(EnumNameConverter<BackendKind>))]
public enum BackendKind
{
    /// <summary>Durations and answers from the calibrated emulation model; every result is labelled emulated.</summary>
    [JsonStringEnumMemberName("emulated")]
    Emulated,

    /// <summary>Real generation with TorchSharp.</summary>
    [JsonStringEnumMemberName("torchsharp")]
    TorchSharp,
}
