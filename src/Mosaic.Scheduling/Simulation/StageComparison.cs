namespace Mosaic.Scheduling.Simulation;

/// <summary>
/// One modelled figure beside the paper's; its deviation is the published figure's (relative, or in absolute points
/// for the skip rate).
/// </summary>
public sealed record StageComparison(PublishedFigure Published, double Model)
{
    public string Figure => Published.Figure;

    public PaperFigure Paper => Published.Paper;

    public double Deviation => Published.Deviation(Model);
}
