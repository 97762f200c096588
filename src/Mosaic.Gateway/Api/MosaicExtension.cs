using System.Text.Json.Serialization;

namespace Mosaic.Gateway.Api;

/// <summary>
/// How the answer was reached: the job that ran it, the question's skill, every expert call (in slot order) with its
/// extracted answer, the votes, the gate's decision, the aggregator call when there was one, and the final answer.
/// <see cref="Emulated"/> is true when any call ran on the emulated backend (no model generated that text).
/// <see cref="Gold"/> and <see cref="Correct"/> appear when the request gave the reference answer (<c>mosaic run</c>).
/// The same object in the gateway's responses and in <c>mosaic run</c>'s output lines.
/// </summary>
internal sealed record MosaicExtension(
    string JobId,
    string? Skill,
    IReadOnlyList<MosaicCall> Experts,
    IReadOnlyList<MosaicVote> Votes,
    MosaicGate Gate,
    MosaicCall? Aggregator,
    string? FinalAnswer,
    bool Emulated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Gold = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Correct = null);
