namespace Mosaic.Grains.Devices.Sessions;

/// <summary>Nothing to start until something happens: a call arrives or finishes, or a job's sessions change.</summary>
internal sealed record IdleDecision : SessionDecision
{
    public static IdleDecision Instance { get; } = new();
}
