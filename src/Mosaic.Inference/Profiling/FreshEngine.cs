using Mosaic.Inference.Generation;

namespace Mosaic.Inference.Profiling;

/// <summary>
/// A model loaded for one measured session and the warmed engine shaped for it, as a worker's planned session starts:
/// the profiler times its sessions on these. Disposing frees both.
/// </summary>
public sealed class FreshEngine : IDisposable
{
    private readonly LanguageModel _model;

    private FreshEngine(LanguageModel model, GenerationEngine engine)
    {
        _model = model;
        Engine = engine;
    }

    public GenerationEngine Engine { get; }

    /// <summary>Loads a model with <paramref name="load"/> and builds its engine; on failure nothing stays loaded.</summary>
    public static FreshEngine Load(Func<LanguageModel> load, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(load);
        var model = load();
        try
        {
            return new FreshEngine(model, InferenceProfiler.Engine(model, options));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Engine.Dispose();
        _model.Dispose();
    }
}
