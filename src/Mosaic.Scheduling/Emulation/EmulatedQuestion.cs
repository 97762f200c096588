namespace Mosaic.Scheduling.Emulation;

/// <summary>A question and the experts routed to its k slots (slot i is answered by <c>Experts[i]</c>).</summary>
public sealed record EmulatedQuestion(string Id, IReadOnlyList<string> Experts);
