using Microsoft.Extensions.Options;
using Mosaic.Aggregation;
using Mosaic.Aggregation.Prompting;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Inference;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Grains.Backends;

/// <summary>
/// Real generation: loads the expert's checkpoint onto this worker's device with one continuous-batching
/// <see cref="GenerationEngine"/>; every call is submitted to that engine as it arrives and joins the running batch
/// (greedy decoding). The engine's rows follow the batch size and the expert's KV budget; its context is the expert's
/// configured context or the model's maximum positions. A call whose prompt opens a reasoning trace
/// (<see cref="OpenedTrace"/>) has that opening at the head of its text and of every streamed part of it; its token
/// counts are the model's. A load ends with one warm-up token generated (libtorch's first-call costs), so the load's
/// time is what a session waits for. Unloading disposes the engine and frees the model.
/// </summary>
/// <param name="textInterval">How often a streaming call's text is decoded for its listener (<see cref="TextInterval"/> unless a test sets it).</param>
internal sealed class TorchSharpBackend(IOptions<MosaicGrainsOptions> options, TimeSpan? textInterval = null) : IInferenceBackend, IDisposable
{
    /// <summary>How often a streaming call's text is decoded for its listener by default (the relay sends it on at its own pace).</summary>
    public static readonly TimeSpan TextInterval = TimeSpan.FromMilliseconds(100);

    private readonly MosaicGrainsOptions _options = options.Value;
    private readonly TimeSpan _textInterval = textInterval ?? TextInterval;
    private volatile ResidentModel? _resident;

    public string Name => EnumNames<BackendKind>.NameOf(BackendKind.TorchSharp);

    public bool IsEmulated => false;

    public int BatchLimit => _resident?.Engine.MaxBatchSize ?? _options.MaxBatchSize;

    /// <summary>The resident model's engine (tests observe its batch).</summary>
    internal GenerationEngine? Engine => _resident?.Engine;

    public Task LoadAsync(string expert, CancellationToken cancellationToken) => Task.Run(() =>
    {
        if (_options.Threads > 0)
        {
            TorchRuntime.Threads = _options.Threads;
        }

        var settings = Settings(expert);
        var path = settings.ModelPath ?? throw new InvalidOperationException($"expert '{expert}' has no ModelPath on this silo");
        var model = LanguageModel.Load(path, new ModelLoadOptions { Device = ParseDevice(_options.Device), CudaIndex = CudaIndex(_options.Device) });
        try
        {
            var engine = new GenerationEngine(model, new GenerationEngineOptions
            {
                MaxBatchSize = _options.MaxBatchSize,
                MaxContextTokens = settings.ContextTokens is { } context ? Math.Min(context, model.Config.MaxPositionEmbeddings) : null,
                KvBudgetTokens = settings.KvCacheTokens,
            });
            try
            {
                engine.WarmUp();
            }
            catch
            {
                engine.Dispose();
                throw;
            }

            _resident = new ResidentModel(expert, model, engine);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }, cancellationToken);

    public Task UnloadAsync(string expert)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public async Task<InferenceOutput> GenerateAsync(InferenceRequest request, Action<string>? onText, CancellationToken cancellationToken)
    {
        var resident = _resident is { } r && r.Expert == request.Expert
            ? r
            : throw new InvalidOperationException($"expert '{request.Expert}' is not the resident model");
        var maxNewTokens = request.MaxNewTokens ?? Settings(request.Expert).MaxNewTokens ?? ExpertOptions.DefaultMaxNewTokens;
        var (prompt, trimmed) = RenderInput(request, resident.Model, maxNewTokens);
        var opened = OpenedTrace.Of(prompt);
        var result = await resident.Engine.GenerateAsync(
            new GenerationRequest(prompt, maxNewTokens)
            {
                Id = request.Key.ToString(), OnText = onText is null ? null : text => onText(opened + text), TextInterval = _textInterval,
            },
            cancellationToken);
        return new InferenceOutput(
            opened + result.Text, result.InputTokens, result.OutputTokens, result.Elapsed.TotalSeconds, Emulated: false, trimmed,
            ReachedTokenLimit: result.FinishReason == FinishReason.Length, FirstTokenSeconds: result.TimeToFirstToken?.TotalSeconds);
    }

    public void Dispose()
    {
        var resident = _resident;
        _resident = null;
        resident?.Engine.Dispose();
        resident?.Model.Dispose();
    }

    /// <summary>
    /// The request as this model's own input (its declared prompt format or chat template): expert calls are the
    /// instruction and the question; aggregator calls the question and the experts' responses, fitted to the context
    /// left after <paramref name="maxNewTokens"/> by cutting responses in their middle. True when anything was cut.
    /// </summary>
    private (string Prompt, bool Trimmed) RenderInput(InferenceRequest request, LanguageModel model, int maxNewTokens)
    {
        if (!request.Key.IsAggregator)
        {
            return (model.Prompt.Format(ModelTurns.Expert(model.Prompt, request.Question)), false);
        }

        var context = Settings(request.Expert).ContextTokens ?? model.Config.MaxPositionEmbeddings;
        var responses = request.Responses?.Select(r => r.Text).ToArray() ?? [];
        var prompt = AggregatorPromptFitter.Fit(
            request.Question, responses, request.Format, Math.Max(1, context - maxNewTokens), p => model.CountPromptTokens(ModelTurns.Of(model.Prompt, p.System, p.User)));
        return (model.Prompt.Format(ModelTurns.Of(model.Prompt, prompt.System, prompt.User)), prompt.Trimming.Trimmed);
    }

    private ExpertOptions Settings(string expert) =>
        _options.Experts.TryGetValue(expert, out var settings)
            ? settings
            : throw new InvalidOperationException($"expert '{expert}' is not configured on this silo");

    private static int? CudaIndex(string device) =>
        device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device["cuda:".Length..], out var index) ? index : null;

    private static InferenceDevice ParseDevice(string device) => device switch
    {
        "cpu" => InferenceDevice.Cpu,
        "auto" => InferenceDevice.Auto,
        _ when device.StartsWith("cuda", StringComparison.Ordinal) => InferenceDevice.Cuda,
        _ => throw new ArgumentException($"Mosaic:Device must be cpu, cuda, cuda:N or auto, got '{device}'"),
    };
}
