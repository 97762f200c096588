namespace Mosaic.Aggregation.Extraction;

/// <summary>Which rule produced an extracted answer.</summary>
public enum ExtractionRule
{
    /// <summary>No rule matched: a failed extraction, which the gate treats as a non-vote.</summary>
    None,

    /// <summary>The last <c>\boxed{...}</c>.</summary>
    Boxed,

    /// <summary>GSM8K's <c>#### N</c> marker.</summary>
    Hashes,

    /// <summary>A phrase such as "the answer is (C)" or "the final answer is 42".</summary>
    AnswerIs,

    /// <summary>An "Answer: X" label.</summary>
    AnswerLabel,

    /// <summary>The whole response is just a letter or a number.</summary>
    BareAnswer,

    /// <summary>The last option letter standing on its own (multiple choice only).</summary>
    StandaloneLetter,

    /// <summary>The last number in the response.</summary>
    LastNumber,
}
