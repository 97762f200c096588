namespace Mosaic.Routing;

/// <summary>A question with the experts chosen to answer it (one entry per slot; an expert may fill several).</summary>
public sealed record RoutedQuestion(string Id, string Text, string Skill, string GoldAnswer, IReadOnlyList<string> Experts);
