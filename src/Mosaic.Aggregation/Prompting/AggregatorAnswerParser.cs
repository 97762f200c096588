using Mosaic.Aggregation.Extraction;

namespace Mosaic.Aggregation.Prompting;

/// <summary>Reads the aggregator's own final answer with the same extractors as the experts' answers.</summary>
public static class AggregatorAnswerParser
{
    /// <summary>The canonical answer in the aggregator's output (its reasoning trace, if any, is ignored).</summary>
    public static ExtractionResult Parse(string? output, AnswerFormat format, char lastOptionLetter = 'J') =>
        AnswerExtractor.ExtractDetailed(output, format, lastOptionLetter);
}
