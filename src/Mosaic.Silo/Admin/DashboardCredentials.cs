namespace Mosaic.Silo.Admin;

/// <summary>The user name and password the dashboard asks for (HTTP Basic).</summary>
internal sealed record DashboardCredentials(string Username, string Password)
{
    public override string ToString() => $"{Username}:***";
}
