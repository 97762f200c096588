using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mosaic.Inference;

/// <summary>
/// The architecture of a Llama/Qwen2-family decoder, bound to Hugging Face's <c>config.json</c> names.
/// Accepts both the top-level <c>rope_theta</c>/<c>rope_scaling</c> and transformers 5's <c>rope_parameters</c>.
/// </summary>
public sealed record ModelConfig
{
    public const string Qwen2Type = "qwen2";
    public const string LlamaType = "llama";

    /// <summary>The <c>model_type</c> values this runtime implements; anything else is refused at load.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = [Qwen2Type, LlamaType];

    public string ModelType { get; init; } = Qwen2Type;
    public int VocabSize { get; init; }
    public int HiddenSize { get; init; }
    public int IntermediateSize { get; init; }
    public int NumHiddenLayers { get; init; }
    public int NumAttentionHeads { get; init; }
    public int NumKeyValueHeads { get; init; }

    /// <summary>Per-head width; defaults to hidden / heads.</summary>
    public int? HeadDimOverride { get; init; }

    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000;
    public RopeScaling? RopeScaling { get; init; }
    public int MaxPositionEmbeddings { get; init; } = 2048;
    public bool TieWordEmbeddings { get; init; }

    /// <summary>True when q/k/v projections carry a bias (always for Qwen2; <c>attention_bias</c> for Llama).</summary>
    public bool AttentionBias { get; init; }

    /// <summary>
    /// Whether o_proj carries a bias: Hugging Face's Llama gives every attention projection one when
    /// <c>attention_bias</c> is set; Qwen2's o_proj never has one.
    /// </summary>
    public bool AttentionOutputBias => AttentionBias && ModelType == LlamaType;

    /// <summary>Llama's <c>mlp_bias</c>: gate/up/down projections carry biases (never for Qwen2).</summary>
    public bool MlpBias { get; init; }

    public string TorchDtype { get; init; } = "float32";
    public int? BosTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public string HiddenAct { get; init; } = "silu";

    public int HeadDim => HeadDimOverride ?? (NumAttentionHeads == 0 ? 0 : HiddenSize / NumAttentionHeads);

    /// <summary>Reads and validates a config.json; errors name the file and the field.</summary>
    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            var folder = Path.GetDirectoryName(path);
            throw new ModelLoadException(path, null, folder is { Length: > 0 } && !Directory.Exists(folder)
                ? "model folder not found"
                : "config.json not found (a model folder holds config.json, the weights and tokenizer.json)");
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, null, $"cannot be read: {e.Message}", e);
        }

        return Parse(json, path);
    }

    public static ModelConfig Parse(string json, string sourceName = "config.json")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)?.AsObject() ?? throw new JsonException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelLoadException(sourceName, null, $"invalid JSON: {JsonErrorText.Describe(e)}", e);
        }

        try
        {
            var modelType = Str(root, "model_type")
                ?? throw new ModelLoadException(sourceName, null, $"model_type is missing (supported: {string.Join(", ", SupportedModelTypes)})");
            var isLlama = modelType == LlamaType;
            var heads = Int(root, "num_attention_heads") ?? 0;
            var ropeParameters = root["rope_parameters"] as JsonObject;
            var ropeNode = root["rope_scaling"] as JsonObject ?? ropeParameters;
            var config = new ModelConfig
            {
                ModelType = modelType,
                VocabSize = Int(root, "vocab_size") ?? 0,
                HiddenSize = Int(root, "hidden_size") ?? 0,
                IntermediateSize = Int(root, "intermediate_size") ?? 0,
                NumHiddenLayers = Int(root, "num_hidden_layers") ?? 0,
                NumAttentionHeads = heads,
                NumKeyValueHeads = Int(root, "num_key_value_heads") ?? heads,
                HeadDimOverride = Int(root, "head_dim"),
                RmsNormEps = Dbl(root, "rms_norm_eps") ?? 1e-6,
                RopeTheta = Dbl(root, "rope_theta") ?? (ropeParameters is null ? null : Dbl(ropeParameters, "rope_theta")) ?? 10000,
                RopeScaling = ParseScaling(ropeNode),
                MaxPositionEmbeddings = Int(root, "max_position_embeddings") ?? 2048,
                TieWordEmbeddings = Bool(root, "tie_word_embeddings") ?? false,
                AttentionBias = Bool(root, "attention_bias") ?? modelType == Qwen2Type,
                MlpBias = isLlama && (Bool(root, "mlp_bias") ?? false),
                TorchDtype = Str(root, "torch_dtype") ?? Str(root, "dtype") ?? "float32",
                BosTokenId = Int(root, "bos_token_id"),
                EosTokenIds = IntList(root["eos_token_id"]),
                HiddenAct = Str(root, "hidden_act") ?? "silu",
            };
            config.Validate(sourceName);
            CheckArchitectures(root, modelType, sourceName);
            CheckSlidingWindow(root, config, sourceName);
            return config;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException)
        {
            throw new ModelLoadException(sourceName, null, $"malformed field: {e.Message}", e);
        }
    }

    /// <summary>Throws <see cref="ModelLoadException"/> when the architecture is inconsistent or unsupported.</summary>
    public void Validate(string sourceName = "config.json")
    {
        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                throw new ModelLoadException(sourceName, null, problem);
            }
        }

        Require(SupportedModelTypes.Contains(ModelType),
            $"model_type '{ModelType}' is not a supported model family (supported: {string.Join(", ", SupportedModelTypes)})");
        Require(!MlpBias || ModelType == LlamaType, "mlp_bias is a Llama option; Qwen2's MLP has no biases");
        Require(VocabSize > 0, "vocab_size must be positive");
        Require(HiddenSize > 0, "hidden_size must be positive");
        Require(IntermediateSize > 0, "intermediate_size must be positive");
        Require(NumHiddenLayers > 0, "num_hidden_layers must be positive");
        Require(NumAttentionHeads > 0, "num_attention_heads must be positive");
        Require(NumKeyValueHeads > 0 && NumAttentionHeads % NumKeyValueHeads == 0,
            $"num_attention_heads ({NumAttentionHeads}) must be a multiple of num_key_value_heads ({NumKeyValueHeads})");
        Require(HeadDim > 0 && HeadDim % 2 == 0, $"head_dim ({HeadDim}) must be a positive even number");
        Require(HeadDimOverride is not null || HiddenSize % NumAttentionHeads == 0,
            $"hidden_size ({HiddenSize}) is not divisible by num_attention_heads ({NumAttentionHeads})");
        Require(RopeTheta > 0, "rope_theta must be positive");
        Require(MaxPositionEmbeddings > 0, "max_position_embeddings must be positive");
        Require(HiddenAct is "silu" or "swish", $"hidden_act '{HiddenAct}' is not supported (only silu)");
        Require(TorchDtype is "float32" or "bfloat16" or "float16", $"torch_dtype '{TorchDtype}' is not supported");
        if (RopeScaling is { } s)
        {
            Require(s.Type is "default" or "linear" or "llama3", $"rope_scaling type '{s.Type}' is not supported (default, linear, llama3)");
            Require(s.Factor > 0, "rope_scaling factor must be positive");
        }
    }

    /// <summary>
    /// A config naming another head (<c>Qwen2ForSequenceClassification</c>) or another model under this family's
    /// <c>model_type</c> would load with tensors missing or mean something else: only the causal LM is served.
    /// </summary>
    private static void CheckArchitectures(JsonObject root, string modelType, string sourceName)
    {
        var expected = CausalArchitecture(modelType);
        if (root["architectures"] is JsonArray architectures && architectures.Count > 0
            && !architectures.Any(a => a is JsonValue v && v.ToString() == expected))
        {
            var named = string.Join(", ", architectures.Select(a => a?.ToString()));
            throw new ModelLoadException(sourceName, null, $"architectures [{named}] is not supported for model_type '{modelType}' (supported: {expected})");
        }
    }

    /// <summary>
    /// Qwen2's sliding-window attention (<c>use_sliding_window</c>) restricts some layers to the last
    /// <c>sliding_window</c> positions; this runtime attends to every position, so such a model would be wrong past the
    /// window. A window at least as long as the model's positions never applies and is accepted.
    /// </summary>
    private static void CheckSlidingWindow(JsonObject root, ModelConfig config, string sourceName)
    {
        var window = Int(root, "sliding_window");
        var slidingLayers = root["layer_types"] is JsonArray types && types.Any(t => t?.ToString() == "sliding_attention");
        if ((Bool(root, "use_sliding_window") == true || slidingLayers) && (window is null || window < config.MaxPositionEmbeddings))
        {
            throw new ModelLoadException(sourceName, null,
                $"sliding-window attention (use_sliding_window, sliding_window {window?.ToString(CultureInfo.InvariantCulture) ?? "unset"}) is not supported: "
                + "this runtime attends to every position; use a config with use_sliding_window false");
        }
    }

    private static string CausalArchitecture(string modelType) => modelType == LlamaType ? "LlamaForCausalLM" : "Qwen2ForCausalLM";

    /// <summary>Serializes to Hugging Face config.json names.</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["architectures"] = new JsonArray(CausalArchitecture(ModelType)),
            ["model_type"] = ModelType,
            ["vocab_size"] = VocabSize,
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_theta"] = RopeTheta,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["tie_word_embeddings"] = TieWordEmbeddings,
            ["attention_bias"] = AttentionBias,
            ["mlp_bias"] = MlpBias,
            ["torch_dtype"] = TorchDtype,
            ["hidden_act"] = HiddenAct,
        };
        if (HeadDimOverride is { } headDim)
        {
            root["head_dim"] = headDim;
        }

        if (BosTokenId is { } bos)
        {
            root["bos_token_id"] = bos;
        }

        if (EosTokenIds.Count == 1)
        {
            root["eos_token_id"] = EosTokenIds[0];
        }
        else if (EosTokenIds.Count > 1)
        {
            root["eos_token_id"] = new JsonArray(EosTokenIds.Select(id => (JsonNode)id).ToArray());
        }

        if (RopeScaling is { } s)
        {
            root["rope_scaling"] = new JsonObject
            {
                ["rope_type"] = s.Type,
                ["factor"] = s.Factor,
                ["low_freq_factor"] = s.LowFrequencyFactor,
                ["high_freq_factor"] = s.HighFrequencyFactor,
                ["original_max_position_embeddings"] = s.OriginalMaxPositionEmbeddings,
            };
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static RopeScaling? ParseScaling(JsonObject? node)
    {
        if (node is null)
        {
            return null;
        }

        var type = Str(node, "rope_type") ?? Str(node, "type") ?? "default";
        if (type == "default")
        {
            return null;
        }

        return new RopeScaling(
            type,
            Dbl(node, "factor") ?? 1,
            Dbl(node, "low_freq_factor") ?? 1,
            Dbl(node, "high_freq_factor") ?? 4,
            Int(node, "original_max_position_embeddings") ?? 8192);
    }

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v ? v.ToString() : null;

    /// <summary>A whole number, also when written as one with a fraction part of zero (<c>4096.0</c>); never rounded.</summary>
    private static int? Int(JsonObject o, string name)
    {
        if (o[name] is not JsonValue v)
        {
            return null;
        }

        var value = double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
        return value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new FormatException($"{name} must be a whole number, got {v.ToJsonString()}");
    }

    private static double? Dbl(JsonObject o, string name) =>
        o[name] is JsonValue v ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture) : null;

    private static bool? Bool(JsonObject o, string name) => o[name] is JsonValue v ? v.GetValue<bool>() : null;

    internal static IReadOnlyList<int> IntList(JsonNode? node) => node switch
    {
        JsonArray array => array.Select(n => n!.GetValue<int>()).ToArray(),
        JsonValue value => [value.GetValue<int>()],
        _ => [],
    };
}
