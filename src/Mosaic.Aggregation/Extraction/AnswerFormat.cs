using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Mosaic.Aggregation.Extraction;

/// <summary>How a response states its final answer; selects the extraction rules.</summary>
[TypeConverter(typeof(EnumNameConverter<AnswerFormat>))]
public enum AnswerFormat
{
    /// <summary>Try every convention: <c>\boxed{}</c>, <c>#### N</c>, "the answer is X", a bare answer, the last number.</summary>
    [JsonStringEnumMemberName("auto")]
    Auto,

    /// <summary>Multiple choice, letters A–J, in MMLU-Pro's order of patterns.</summary>
    [JsonStringEnumMemberName("mcq")]
    MultipleChoice,

    /// <summary>The last brace-balanced <c>\boxed{...}</c>; nothing else counts.</summary>
    [JsonStringEnumMemberName("boxed")]
    Boxed,

    /// <summary>GSM8K: <c>#### N</c>, then "the answer is N", then the last number.</summary>
    [JsonStringEnumMemberName("gsm8k")]
    Gsm8k,

    /// <summary>The last number in the response.</summary>
    [JsonStringEnumMemberName("number")]
    Number,
}
