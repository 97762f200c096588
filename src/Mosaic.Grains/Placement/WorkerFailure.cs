namespace Mosaic.Grains.Placement;

/// <summary>Recognises the errors that mean "that worker is gone", as opposed to a failed generation.</summary>
internal static class WorkerFailure
{
    public static bool IsWorkerLoss(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is WorkerNotInClusterException or SiloUnavailableException or OrleansMessageRejectionException
                || e.GetType().Name is "ClientNotAvailableException" or "GrainExtensionNotInstalledException")
            {
                return true;
            }
        }

        return false;
    }
}
