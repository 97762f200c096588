using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mosaic.Inference.Tokenization;
using Xunit.Abstractions;

namespace Mosaic.Inference.Tests;

/// <summary>Real tokenizer.json files against the ids Hugging Face's tokenizers produce for the committed corpus.</summary>
[Collection(TokenizerDataCollection.Name)]
public sealed class TokenizerReferenceTests(ITestOutputHelper output)
{
    [TokenizerDataTheory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    [InlineData("deepseek-v3")]
    public void RealTokenizerJson_EncodesCorpus_IdExactWithHuggingFace(string name)
    {
        var path = TokenizerData.TokenizerJson(name);
        var load = Stopwatch.StartNew();
        var tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(path);
        load.Stop();

        var cases = TokenizerData.ReferenceCases.Cases;
        var encode = Stopwatch.StartNew();
        var encoded = cases.Select(c => tokenizer.Encode(c.Text)).ToList();
        encode.Stop();

        var idMismatches = new List<string>();
        var decodeMismatches = new List<string>();
        var tokens = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            var expected = cases[i].Ids[name];
            tokens += expected.Length;
            if (!encoded[i].SequenceEqual(expected))
            {
                idMismatches.Add($"case {i} {Show(cases[i].Text)}: expected [{string.Join(',', expected)}], got [{string.Join(',', encoded[i])}]");
            }

            var expectedText = cases[i].Decoded.TryGetValue(name, out var decoded) ? decoded : cases[i].Text;
            var actualText = tokenizer.Decode(expected);
            if (actualText != expectedText)
            {
                decodeMismatches.Add($"case {i} {Show(cases[i].Text)}: decoded {Show(actualText)}, expected {Show(expectedText)}");
            }
        }

        var roundTrips = cases.Count(c => !c.Decoded.ContainsKey(name));
        output.WriteLine($"{name}: {cases.Count} cases, {tokens} tokens, {idMismatches.Count} id mismatches, {decodeMismatches.Count} decode mismatches, " +
            $"{roundTrips} exact round trips in the reference; load {load.ElapsedMilliseconds} ms, encode {encode.ElapsedMilliseconds} ms");
        Assert.True(idMismatches.Count == 0, $"{idMismatches.Count} of {cases.Count} cases differ:\n{string.Join('\n', idMismatches.Take(10))}");
        Assert.True(decodeMismatches.Count == 0, $"{decodeMismatches.Count} of {cases.Count} decodings differ:\n{string.Join('\n', decodeMismatches.Take(10))}");
    }

    [TokenizerDataTheory]
    [InlineData("qwen3+nfkc-lowercase")]
    [InlineData("llama3+replace-digits")]
    [InlineData("llama2+metaspace")]
    public void RealTokenizerJson_WithOtherNormalizerOrPreTokenizer_EncodesCorpusIdExact(string name)
    {
        var variant = TokenizerData.ReferenceCases.Variants[name];
        var path = Path.Combine(TestModels.TempDirectory(), "tokenizer.json");
        WithSectionsReplaced(TokenizerData.TokenizerJson(variant.Base), variant.Override, path);
        var tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(path);

        var cases = TokenizerData.ReferenceCases.Cases;
        var mismatches = cases.Select((c, i) => (Case: c, Index: i, Actual: tokenizer.Encode(c.Text)))
            .Where(x => !x.Actual.SequenceEqual(x.Case.Ids[name]))
            .Select(x => $"case {x.Index} {Show(x.Case.Text)}: expected [{string.Join(',', x.Case.Ids[name])}], got [{string.Join(',', x.Actual)}]")
            .ToList();
        output.WriteLine($"{name}: {cases.Count} cases, {cases.Sum(c => c.Ids[name].Length)} tokens, {mismatches.Count} id mismatches");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} cases differ:\n{string.Join('\n', mismatches.Take(10))}");
    }

    /// <summary>Copies a tokenizer.json, replacing some top-level sections (streamed: the files are 10 MB).</summary>
    private static void WithSectionsReplaced(string source, JsonObject sections, string target)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(source));
        using var stream = File.Create(target);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!sections.ContainsKey(property.Name))
            {
                property.WriteTo(writer);
            }
        }

        foreach (var (name, value) in sections)
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    private static string Show(string text) =>
        System.Text.Json.JsonSerializer.Serialize(text.Length > 80 ? text[..80] + "…" : text);
}
