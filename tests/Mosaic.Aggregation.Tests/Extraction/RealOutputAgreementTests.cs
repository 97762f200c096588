using System.Globalization;
using System.Text.Json;
using Mosaic.Aggregation.Extraction;
using Xunit.Abstractions;

namespace Mosaic.Aggregation.Tests.Extraction;

/// <summary>
/// On verbatim outputs of public models, "extracted answer == gold" must agree with the source's correctness label
/// on at least 97% of the labelled rows of each file.
/// </summary>
public sealed class RealOutputAgreementTests(ITestOutputHelper output)
{
    private const double Required = 0.97;

    [EvalDataFact]
    public void Extract_RealOutputs_AgreeWithCorrectnessLabels()
    {
        var files = Directory.GetFiles(EvalData.Directory!, "*.jsonl").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (var file in files)
        {
            var (labelled, agreeing, unlabelled) = Measure(file);
            var share = labelled == 0 ? 0 : (double)agreeing / labelled;
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file)}: {agreeing}/{labelled} labelled rows agree ({share:P2}); {unlabelled} unlabelled");
            output.WriteLine(line);
            if (labelled == 0 || share < Required)
            {
                failures.Add(line);
            }
        }

        Assert.True(failures.Count == 0, "below 97%: " + string.Join("; ", failures));
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
