using System.Globalization;
using System.Text.Json;
using Mosaic.Aggregation.Extraction;
using Xunit.Abstractions;

namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>
/// On verbatim outputs of public models, "extracted answer == gold" must agree with the source's correctness label
/// (<c>label_correct</c>, set by each source's own automatic checker, with the corrections SOURCES.md names; no human
/// labelled these rows) on at least the figures the README and docs/aggregation.md claim for each file.
/// </summary>
public sealed class RealOutputAgreementTests(ITestOutputHelper output)
{
    /// <summary>The claimed figures: labelled rows in the file and how many of them agree at least.</summary>
    private static readonly Dictionary<string, (int Labelled, int Agreeing)> Claimed = new(StringComparer.Ordinal)
    {
        ["boxed.jsonl"] = (200, 200),
        ["gsm8k.jsonl"] = (400, 399),
        ["mcq.jsonl"] = (280, 280),
    };

    [EvalDataFact]
    public void Extract_RealOutputs_AgreeWithCorrectnessLabels()
    {
        var files = Directory.GetFiles(EvalData.Directory!, "*.jsonl").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            var (labelled, agreeing, unlabelled) = Measure(file);
            var name = Path.GetFileName(file);
            var share = labelled == 0 ? 0 : (double)agreeing / labelled;
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: {agreeing}/{labelled} labelled rows agree ({share:P2}); {unlabelled} unlabelled");
            output.WriteLine(line);
            if (!Claimed.TryGetValue(name, out var claim))
            {
                failures.Add($"{name} has no claimed figure in this test");
            }
            else if (labelled != claim.Labelled || agreeing < claim.Agreeing)
            {
                failures.Add($"{line}, claimed {claim.Agreeing}/{claim.Labelled}");
            }
        }

        Assert.Equal(Claimed.Keys.Order(StringComparer.Ordinal), files.Select(Path.GetFileName));
        Assert.True(failures.Count == 0, "below the claimed agreement: " + string.Join("; ", failures));
    }

    private static (int Labelled, int Agreeing, int Unlabelled) Measure(string file)
    {
        int labelled = 0, agreeing = 0, unlabelled = 0;
        foreach (var line in File.ReadLines(file).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var row = JsonDocument.Parse(line);
            var root = row.RootElement;
            var label = root.GetProperty("label_correct");
            if (label.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                unlabelled++;
                continue;
            }

            Assert.True(AnswerFormatNames.TryParse(root.GetProperty("format").GetString(), out var format));
            var extracted = AnswerExtractor.Extract(root.GetProperty("text").GetString(), format);
            var gold = AnswerCanonicalizer.Canonicalize(root.GetProperty("gold").GetString());
            labelled++;
            agreeing += (extracted is not null && extracted == gold) == label.GetBoolean() ? 1 : 0;
        }

        return (labelled, agreeing, unlabelled);
    }
}
