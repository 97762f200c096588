using System.Diagnostics;
using Mosaic.Inference.Tokenization;
using Xunit.Abstractions;

namespace Mosaic.Inference.Tests;

/// <summary>Real tokenizer.json files against the ids Hugging Face's tokenizers produce for the committed corpus.</summary>
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

    private static string Show(string text) =>
        System.Text.Json.JsonSerializer.Serialize(text.Length > 80 ? text[..80] + "…" : text);
}
