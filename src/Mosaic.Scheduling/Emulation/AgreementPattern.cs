namespace Mosaic.Scheduling.Emulation;

/// <summary>How a question's k = 3 expert answers fall (paper §4.2): all agree, two agree, or all differ.</summary>
public enum AgreementPattern
{
    /// <summary>3:0, the gate skips the aggregator at τ = 1 and τ = 2/3.</summary>
    Unanimous,

    /// <summary>2:1, skipped at τ = 2/3 only.</summary>
    Majority,

    /// <summary>1:1:1, always aggregated.</summary>
    Split,
}
