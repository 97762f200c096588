namespace Mosaic.Grains.Devices.Sessions;

/// <summary>How a job left a worker: every later request of it is refused.</summary>
internal enum JobEnd
{
    Closed,
    Cancelled,
}
