namespace Mosaic.Zoo.Tasks;

/// <summary>How a model answers: directly, or with a <c>&lt;think&gt;</c> scratchpad first.</summary>
public enum ResponseStyle
{
    Direct,
    Reasoning,
}
