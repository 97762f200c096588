using System.Buffers.Binary;
using System.Text.Json;
using Mosaic.Inference;
using Mosaic.Inference.Prompting;
using Mosaic.Inference.Tokenization;

namespace Mosaic.Gateway.Tests;

/// <summary>
/// A model folder whose greedy output is fixed: a reasoning model's reply as DeepSeek-R1-Distill's and QwQ's templates
/// have it written (its prompt format ends with <c>&lt;think&gt;\n</c>, so the model writes the inside of the trace,
/// <c>&lt;/think&gt;</c> and the answer), one token per word, then end-of-sequence. Each token names the next: the
/// embeddings are one-hot, the layers add nothing (zero output projections) and the head maps each token to its
/// successor. The width of the hidden state (a little over the vocabulary) paces the writing at a few milliseconds a token.
/// </summary>
internal static class ScriptedReasoner
{
    public const string Answer = "The answer is 4.";

    /// <summary>The thinking the model writes: <paramref name="words"/> numbered words.</summary>
    public static string Thinking(int words) => string.Concat(Enumerable.Range(0, words).Select(Word)).Trim();

    /// <summary>Writes the folder; greedy decoding of any prompt then gives <c>Thinking(words) + "\n&lt;/think&gt;\n\n" + Answer</c>.</summary>
    public static void Write(string folder, int words)
    {
        var prompt = Enumerable.Range(32, 95).Select(c => ((char)c).ToString()).Append("\n").ToArray();
        string[] script = [.. Enumerable.Range(0, words).Select(Word), "\n</think>\n\n", Answer];
        var tokenizer = new CharTokenizer([CharTokenizer.Eos], [.. prompt, .. script]);
        var vocabulary = tokenizer.VocabularySize;
        var hidden = (vocabulary + 7) / 8 * 8;
        var config = new ModelConfig
        {
            ModelType = "qwen2", VocabSize = vocabulary, HiddenSize = hidden, IntermediateSize = 8, NumHiddenLayers = 1,
            NumAttentionHeads = 4, NumKeyValueHeads = 4, MaxPositionEmbeddings = 4096, TorchDtype = "float32", EosTokenIds = [0],
        };
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJson());
        tokenizer.Save(folder);
        new PlainPromptFormat("\n<think>\n").Save(folder);

        // The prompt's last token ("\n") leads to the first word, each word to the next, the answer to the end.
        var next = new Dictionary<int, int> { [tokenizer.TokenToId("\n")!.Value] = tokenizer.TokenToId(script[0])!.Value };
        for (var i = 0; i < script.Length; i++)
        {
            next[tokenizer.TokenToId(script[i])!.Value] = i + 1 < script.Length ? tokenizer.TokenToId(script[i + 1])!.Value : 0;
        }

        var embedding = new float[vocabulary * hidden];
        var head = new float[vocabulary * hidden];
        for (var token = 0; token < vocabulary; token++)
        {
            embedding[(token * hidden) + token] = 1;
        }

        foreach (var (token, successor) in next)
        {
            head[(successor * hidden) + token] = 1;
        }

        var ones = Enumerable.Repeat(1f, hidden).ToArray();
        var square = new float[hidden * hidden];
        var mlpIn = new float[8 * hidden];
        WriteSafeTensors(Path.Combine(folder, "model.safetensors"), new Dictionary<string, (float[] Data, int[] Shape)>
        {
            ["model.embed_tokens.weight"] = (embedding, [vocabulary, hidden]),
            ["lm_head.weight"] = (head, [vocabulary, hidden]),
            ["model.norm.weight"] = (ones, [hidden]),
            ["model.layers.0.input_layernorm.weight"] = (ones, [hidden]),
            ["model.layers.0.post_attention_layernorm.weight"] = (ones, [hidden]),
            ["model.layers.0.self_attn.q_proj.weight"] = (square, [hidden, hidden]),
            ["model.layers.0.self_attn.k_proj.weight"] = (square, [hidden, hidden]),
            ["model.layers.0.self_attn.v_proj.weight"] = (square, [hidden, hidden]),
            ["model.layers.0.self_attn.o_proj.weight"] = (square, [hidden, hidden]),
            ["model.layers.0.mlp.gate_proj.weight"] = (mlpIn, [8, hidden]),
            ["model.layers.0.mlp.up_proj.weight"] = (mlpIn, [8, hidden]),
            ["model.layers.0.mlp.down_proj.weight"] = (new float[hidden * 8], [hidden, 8]),
        });
    }

    private static string Word(int i) => $" w{i}";

    private static void WriteSafeTensors(string path, Dictionary<string, (float[] Data, int[] Shape)> tensors)
    {
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var (name, (data, shape)) in tensors)
        {
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { offset, offset + (data.Length * 4L) } };
            offset += data.Length * 4L;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        var padded = (json.Length + 7) / 8 * 8;
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, padded);
        file.Write(length);
        file.Write(json);
        file.Write(Enumerable.Repeat((byte)' ', padded - json.Length).ToArray());
        foreach (var (data, _) in tensors.Values)
        {
            var bytes = new byte[data.Length * 4];
            Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            file.Write(bytes);
        }
    }
}
