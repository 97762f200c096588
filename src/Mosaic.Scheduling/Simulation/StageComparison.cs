namespace Mosaic.Scheduling.Simulation;

/// <summary>One modelled figure beside the paper's.</summary>
public sealed record StageComparison(string Figure, double Model, PaperFigure Paper)
{
    public double Deviation => Paper.Deviation(Model);
}
