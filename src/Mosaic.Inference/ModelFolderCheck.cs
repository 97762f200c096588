namespace Mosaic.Inference;

/// <summary>
/// What <see cref="ModelValidator.Check"/> learns of a model folder without reading weights: its config and the tokens
/// an expert call's prompt takes before its question (<see cref="Prompting.ModelTurns.Expert"/> with an empty question).
/// </summary>
public sealed record ModelFolderCheck(ModelConfig Config, int InstructionTokens);
