using System.Diagnostics;
using System.Text.Json.Nodes;
using Mosaic.Inference.Generation;
using Mosaic.Inference.Loading;
using Mosaic.Inference.Modules;
using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Mosaic.Inference;

/// <summary>
/// A loaded decoder-only model with its tokenizer and prompt format. Weights are read-only after loading, so any
/// number of threads may generate at once: each generation call owns its KV cache and opens its own inference
/// mode and dispose scopes. For a long-lived request queue with continuous batching use <see cref="GenerationEngine"/>.
/// </summary>
public sealed class LanguageModel : IDisposable
{
    private LanguageModel(ModelConfig config, CausalLanguageModel network, ITextTokenizer tokenizer, PromptFormat template, IReadOnlyList<int> extraEos, TimeSpan loadTime)
    {
        Config = config;
        Network = network;
        Tokenizer = tokenizer;
        Prompt = template;
        LoadTime = loadTime;
        var stops = new HashSet<int>(config.EosTokenIds.Concat(extraEos));
        foreach (var token in template.StopTokens)
        {
            if (tokenizer.TokenToId(token) is { } id)
            {
                stops.Add(id);
            }
        }

        if (tokenizer.TokenToId(CharTokenizer.Eos) is { } charEos && tokenizer is CharTokenizer)
        {
            stops.Add(charEos);
        }

        StopTokenIds = [.. stops.Order()];
        ParameterCount = network.CheckpointParameters().Sum(p => p.Parameter.NumberOfElements);
    }

    public ModelConfig Config { get; }

    public ITextTokenizer Tokenizer { get; }

    /// <summary>How this model wants a conversation written; every caller formats requests through it.</summary>
    public PromptFormat Prompt { get; }

    /// <summary>The same as <see cref="Prompt"/>, for callers not yet moved to it.</summary>
    public PromptFormat ChatTemplate => Prompt;

    /// <summary>Token ids that end a sequence: config and generation_config EOS ids plus the prompt format's end-of-turn tokens.</summary>
    public IReadOnlyList<int> StopTokenIds { get; }

    public long ParameterCount { get; }

    /// <summary>Wall time of <see cref="Load"/> (construction plus reading weights).</summary>
    public TimeSpan LoadTime { get; }

    public string DeviceName => Network.Device.ToString();

    public string DTypeName => Network.DType.ToString();

    internal CausalLanguageModel Network { get; }

    /// <summary>
    /// Loads a Hugging Face model folder: config.json, model.safetensors (or an index of shards), the tokenizer and
    /// optionally generation_config.json. Throws <see cref="ModelLoadException"/> for unusable input.
    /// </summary>
    public static LanguageModel Load(string directory, ModelLoadOptions? options = null)
    {
        options ??= ModelLoadOptions.Default;
        TorchRuntime.EnsureInitialized();
        var clock = Stopwatch.StartNew();
        if (!Directory.Exists(directory))
        {
            throw new ModelLoadException(directory, null, "model folder not found");
        }

        var config = ModelConfig.Load(Path.Combine(directory, "config.json"));
        var (tokenizer, prompt) = ModelTextFiles.Load(directory, config);
        var network = Build(config, options);
        try
        {
            CheckpointLoader.Load(network, directory);
        }
        catch
        {
            network.Dispose();
            throw;
        }

        return new LanguageModel(config, network, tokenizer, prompt, ReadGenerationEos(directory), clock.Elapsed);
    }

    /// <summary>A model with deterministic random weights (tests, benchmarks, untrained experts); the family's default prompt format unless one is given.</summary>
    public static LanguageModel CreateRandom(
        ModelConfig config, ITextTokenizer tokenizer, int seed = 0, ModelLoadOptions? options = null, double initStd = 0.02, PromptFormat? prompt = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        TorchRuntime.EnsureInitialized();
        var clock = Stopwatch.StartNew();
        var network = Build(config, options ?? ModelLoadOptions.Default);
        RandomWeights.Fill(network, seed, initStd);
        return new LanguageModel(config, network, tokenizer, prompt ?? Tokenization.ChatTemplate.Detect(tokenizer, config.ModelType), [], clock.Elapsed);
    }

    /// <summary>Writes config.json, model.safetensors and the tokenizer files in Hugging Face layout.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "config.json"), Config.ToJson());
        CheckpointLoader.Save(Network, directory);
        Tokenizer.Save(directory);
        (Prompt as PlainPromptFormat)?.Save(directory);
    }

    /// <summary>Tokens of the model's input for <paramref name="messages"/> (what fitting a prompt into the context measures).</summary>
    public int CountPromptTokens(IReadOnlyList<ChatMessage> messages) => Tokenizer.Encode(Prompt.Format(messages)).Count;

    /// <summary>Encodes a prompt, falling back to BOS for an empty one.</summary>
    public int[] EncodePrompt(GenerationRequest request)
    {
        var ids = request.PromptTokenIds?.ToArray() ?? [.. Tokenizer.Encode(request.Prompt)];
        if (ids.Length == 0)
        {
            var bos = Config.BosTokenId ?? Tokenizer.TokenToId(CharTokenizer.Bos);
            ids = bos is { } b ? [b] : throw new ArgumentException("the prompt is empty and the model has no BOS token", nameof(request));
        }

        foreach (var id in ids)
        {
            if (id < 0 || id >= Config.VocabSize)
            {
                throw new ArgumentException($"prompt token id {id} is outside the vocabulary (0..{Config.VocabSize - 1})", nameof(request));
            }
        }

        return ids;
    }

    /// <summary>
    /// Generates all <paramref name="requests"/> on the calling thread with continuous batching over at most
    /// <paramref name="maxBatchSize"/> rows. Cancelled requests come back with <see cref="FinishReason.Cancelled"/>.
    /// A request whose prompt plus max new tokens exceeds max_position_embeddings throws <see cref="ArgumentException"/>.
    /// </summary>
    public IReadOnlyList<GenerationResult> Generate(IReadOnlyList<GenerationRequest> requests, int maxBatchSize = 64, CancellationToken cancellationToken = default) =>
        BatchGeneration.Run(this, requests, maxBatchSize, cancellationToken);

    public GenerationResult Generate(GenerationRequest request, CancellationToken cancellationToken = default) =>
        Generate([request], 1, cancellationToken)[0];

    /// <summary>Float32 logits [tokens, vocab] of one sequence computed in a single pass without cache reuse.</summary>
    internal float[,] FullLogits(IReadOnlyList<int> tokens) => ReferenceForward.FullLogits(this, tokens);

    /// <summary>
    /// Float32 logits [tokens − promptLength + 1, vocab] for the last prompt token and every later one, computed
    /// the way generation does: one prefill of the prompt, then one cached decode step per token.
    /// </summary>
    internal float[,] CachedLogits(IReadOnlyList<int> tokens, int promptLength) => ReferenceForward.CachedLogits(this, tokens, promptLength);

    public void Dispose() => Network.Dispose();

    private static CausalLanguageModel Build(ModelConfig config, ModelLoadOptions options)
    {
        var device = TorchRuntime.ResolveDevice(options.Device, options.CudaIndex);
        var dtype = options.DType switch
        {
            ModelDType.Float32 => ScalarType.Float32,
            ModelDType.BFloat16 => ScalarType.BFloat16,
            ModelDType.Float16 => ScalarType.Float16,
            _ => config.TorchDtype switch
            {
                "bfloat16" => ScalarType.BFloat16,
                "float16" => ScalarType.Float16,
                _ => ScalarType.Float32,
            },
        };
        return new CausalLanguageModel(config, dtype, device);
    }

    private static IReadOnlyList<int> ReadGenerationEos(string directory)
    {
        var path = Path.Combine(directory, "generation_config.json");
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return ModelConfig.IntList(JsonNode.Parse(File.ReadAllText(path))?["eos_token_id"]);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException(path, null, $"invalid generation_config.json: {JsonErrorText.Describe(e)}", e);
        }
    }
}
