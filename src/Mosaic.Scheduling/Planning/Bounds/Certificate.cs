namespace Mosaic.Scheduling.Planning.Bounds;

/// <summary>
/// Prices that prove a makespan impossible: π_m per second of expert m's work, ρ_m per replica of m. They prove
/// makespan C impossible when Σ_c N_c·V_c(C) &lt; <see cref="Demand"/> = Σ_m π_m·W_m − Σ_m ρ_m·R_m
/// (see <see cref="ConfigurationBound"/>).
/// </summary>
internal sealed record Certificate(double[] Pi, double[] Rho, double Demand);
