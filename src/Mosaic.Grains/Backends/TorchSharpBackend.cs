using Microsoft.Extensions.Options;
using Mosaic.Grains.Devices;
using Mosaic.Grains.Hosting;
using Mosaic.Inference;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Grains.Backends;

/// <summary>
/// Real generation: loads the expert's checkpoint onto this worker's device, feeds each session's requests to a
/// continuous-batching engine (greedy decoding, the model family's chat template), and frees the model on unload.
/// </summary>
internal sealed class TorchSharpBackend(IOptions<MosaicGrainsOptions> options) : IInferenceBackend, IDisposable
{
    private readonly MosaicGrainsOptions _options = options.Value;
    private LanguageModel? _model;
    private GenerationEngine? _engine;

    public string Name => "torchsharp";

    public bool IsEmulated => false;

    public Task LoadAsync(string expert, CancellationToken cancellationToken) => Task.Run(() =>
    {
        if (_options.Threads > 0)
        {
            TorchRuntime.Threads = _options.Threads;
        }

        var path = _options.Experts.TryGetValue(expert, out var profile) && profile.ModelPath is { } p
            ? p
            : throw new InvalidOperationException($"expert '{expert}' has no ModelPath on this silo");
        _model = LanguageModel.Load(path, new ModelLoadOptions { Device = ParseDevice(_options.Device), CudaIndex = CudaIndex(_options.Device) });
        _engine = new GenerationEngine(_model, new GenerationEngineOptions { MaxBatchSize = 64 });
    }, cancellationToken);

    public Task UnloadAsync(string expert)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public async Task GenerateAsync(string expert, IReadOnlyList<PendingRequest> batch, CancellationToken cancellationToken)
    {
        var (model, engine) = (_model, _engine) is ({ } m, { } e) ? (m, e) : throw new InvalidOperationException($"expert '{expert}' is not loaded");
        var runs = batch.Select(async pending =>
        {
            var request = pending.Request;
            List<ChatMessage> messages = request.SystemPrompt is { } system
                ? [new ChatMessage("system", system), new ChatMessage("user", request.Prompt)]
                : [new ChatMessage("user", request.Prompt)];
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(pending.Cancelled, cancellationToken);
            try
            {
                var result = await engine.GenerateAsync(
                    new GenerationRequest(model.ChatTemplate.Format(messages), request.MaxNewTokens) { Id = request.RequestId },
                    linked.Token);
                pending.Complete(new InferenceOutput(result.Text, result.InputTokens, result.OutputTokens, result.Elapsed.TotalSeconds, Emulated: false));
            }
            catch (OperationCanceledException)
            {
                pending.Cancel();
            }
            catch (Exception e)
            {
                pending.Fail(e);
            }
        });
        await Task.WhenAll(runs);
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _model?.Dispose();
        _engine = null;
        _model = null;
    }

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
