namespace Mosaic.Routing;

/// <summary>
/// How the router samples: <see cref="K"/> slots per question, with or without replacement, at a softmax
/// temperature over per-skill scores (Symbolic-MoE samples with replacement at temperature 0.5).
/// </summary>
public sealed record RouterOptions
{
    public int K { get; init; } = 3;

    public bool WithReplacement { get; init; } = true;

    public double Temperature { get; init; } = 0.5;

    public int Seed { get; init; }

    public static RouterOptions Default { get; } = new();

    internal void Validate(int expertCount)
    {
        if (K < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(K), K, "the router must pick at least one expert per question");
        }

        if (!(Temperature > 0) || !double.IsFinite(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "the temperature must be a positive finite number");
        }

        if (!WithReplacement && K > expertCount)
        {
            throw new ArgumentOutOfRangeException(nameof(K), K, $"cannot pick {K} distinct experts from {expertCount} without replacement");
        }
    }
}
