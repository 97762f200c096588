using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Mosaic.Inference.Tests;

[Collection(TorchCollection.Name)]
public sealed class ModelValidatorTests(TorchFixture fixture)
{
    [Fact]
    public void Validate_AGoodFolder_ReturnsItsConfig()
    {
        var directory = TestModels.TempDirectory();
        fixture.Model.Save(directory);
        Assert.Equal(fixture.Model.Config.ToJson(), ModelValidator.Validate(directory).ToJson());
    }

    /// <summary>Each bad folder fails validation and loading with the same kind of one-line message naming the file.</summary>
    [Theory]
    [InlineData("no-folder", "nope", "model folder not found")]
    [InlineData("no-config", "config.json", "config.json not found")]
    [InlineData("unknown-family", "config.json", "model_type 'mistral' is not a supported model family (supported: qwen2, llama)")]
    [InlineData("no-tokenizer", "", "no tokenizer found")]
    [InlineData("unhonourable-tokenizer", "tokenizer.json", "tokenizer.json cannot be honoured: normalizer: type 'Precompiled' is not supported")]
    [InlineData("vocab-size-below-tokenizer", "", "ids but config.json's vocab_size is 3")]
    [InlineData("no-weights", "", "no model.safetensors or model.safetensors.index.json found")]
    [InlineData("header-past-end", "model.safetensors", "runs past the end of the file")]
    [InlineData("header-not-json", "model.safetensors", "header is not valid JSON")]
    [InlineData("truncated", "model.safetensors", "truncated: data ends at byte")]
    [InlineData("unknown-dtype", "model.safetensors", "unknown dtype 'X32'")]
    [InlineData("extra-tensor", "model.safetensors", "tensor 'model.layers.0.extra': not used by the model config.json describes")]
    [InlineData("bad-generation-config", "generation_config.json", "invalid generation_config.json")]
    [InlineData("trailing-bytes", "model.safetensors", "bytes after the last tensor's data")]
    [InlineData("fractional-vocab-size", "config.json", "vocab_size must be a whole number, got 64.4")]
    [InlineData("foreign-eos", "", "config.json's eos_token_id 100000 is not an id of the tokenizer")]
    public void BadFolder_FailsValidationAndLoading_WithOneLineNamingTheFile(string damage, string file, string problem)
    {
        var directory = TestModels.TempDirectory();
        fixture.Model.Save(directory);
        var named = Damage(directory, damage);
        var expectedFile = file.Length == 0 ? directory : Path.Combine(directory, file);
        var target = damage == "no-folder" ? named : directory;

        foreach (var attempt in new Action[] { () => ModelValidator.Validate(target), () => LanguageModel.Load(target).Dispose() })
        {
            var error = Assert.Throws<ModelLoadException>(attempt);
            Assert.Equal(expectedFile, error.FilePath);
            Assert.StartsWith(expectedFile + ": ", error.Message, StringComparison.Ordinal);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
    }

    private static string Damage(string directory, string damage)
    {
        var weights = Path.Combine(directory, "model.safetensors");
        switch (damage)
        {
            case "no-folder":
                return Path.Combine(directory, "nope");
            case "no-config":
                File.Delete(Path.Combine(directory, "config.json"));
                break;
            case "unknown-family":
                var config = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!;
                config["model_type"] = "mistral";
                File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString());
                break;
            case "no-tokenizer":
                File.Delete(Path.Combine(directory, "char_vocab.json"));
                break;
            case "unhonourable-tokenizer":
                var unhonourable = TokenizerJsonFiles.ByteLevel([], root => root["normalizer"] = new JsonObject { ["type"] = "Precompiled", ["precompiled_charsmap"] = "AAAA" });
                File.Copy(unhonourable, Path.Combine(directory, "tokenizer.json"));
                break;
            case "vocab-size-below-tokenizer":
                var small = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!;
                small["vocab_size"] = 3;
                File.WriteAllText(Path.Combine(directory, "config.json"), small.ToJsonString());
                break;
            case "no-weights":
                File.Delete(weights);
                break;
            case "header-past-end":
                var bytes = File.ReadAllBytes(weights);
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length);
                File.WriteAllBytes(weights, bytes);
                break;
            case "header-not-json":
                ReplaceInHeader(weights, "{", "[");
                break;
            case "truncated":
                var all = File.ReadAllBytes(weights);
                File.WriteAllBytes(weights, all[..^10]);
                break;
            case "unknown-dtype":
                ReplaceInHeader(weights, "\"F32\"", "\"X32\"");
                break;
            case "extra-tensor":
                using (var file = SafeTensors.SafeTensorsFile.Open(weights))
                using (var scope = TorchSharp.torch.NewDisposeScope())
                {
                    var tensors = file.Tensors.Keys.ToDictionary(n => n, file.Read);
                    tensors["model.layers.0.extra"] = TorchSharp.torch.ones(3);
                    file.Dispose();
                    SafeTensors.SafeTensorsWriter.Write(weights, tensors);
                }

                break;
            case "trailing-bytes":
                File.AppendAllBytes(weights, new byte[16]);
                break;
            case "fractional-vocab-size":
                var fractional = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!;
                fractional["vocab_size"] = 64.4;
                File.WriteAllText(Path.Combine(directory, "config.json"), fractional.ToJsonString());
                break;
            case "foreign-eos":
                // Another family's tokenizer: the model's end-of-text id is none of its ids.
                var foreign = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!;
                foreign["eos_token_id"] = 100000;
                File.WriteAllText(Path.Combine(directory, "config.json"), foreign.ToJsonString());
                break;
            case "bad-generation-config":
                File.WriteAllText(Path.Combine(directory, "generation_config.json"), "{\"eos_token_id\": [1, ");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, null);
        }

        return directory;
    }

    /// <summary>Replaces the first occurrence of a same-length string inside the JSON header.</summary>
    private static void ReplaceInHeader(string path, string from, string to)
    {
        var bytes = File.ReadAllBytes(path);
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, length);
        var at = header.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0 && from.Length == to.Length);
        Encoding.UTF8.GetBytes(header[..at] + to + header[(at + from.Length)..]).CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
    }
}
