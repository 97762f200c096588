using System.Text.Json.Serialization;

namespace Mosaic.Scheduling;

/// <summary>Instruction-tuned experts answer briefly; reasoning experts emit long chains of thought.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExpertKind>))]
public enum ExpertKind
{
    [JsonStringEnumMemberName("instruct")] Instruct,
    [JsonStringEnumMemberName("reasoning")] Reasoning,
}
