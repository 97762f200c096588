using Mosaic.Inference;
using Mosaic.Inference.Generation;

namespace Mosaic.Grains.Backends;

/// <summary>The TorchSharp backend's loaded model and the engine that batches its calls.</summary>
internal sealed record ResidentModel(string Expert, LanguageModel Model, GenerationEngine Engine);
