using Mosaic.Scheduling;

namespace Mosaic.Cli;

/// <summary>
/// Runs a command body and turns user errors into one line on stderr with exit code 2, a cluster that stopped answering
/// or a file the machine would not read or write into one line with exit code 1; anything else is a bug and is reported
/// (still on one line) with exit code 1.
/// </summary>
internal static class CommandErrors
{
    public static int Run(TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsUserError(e))
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is Batch.ClusterSilentException or Mosaic.Client.ClusterUnavailableException)
        {
            // The client's own line names the cluster, its gateways and the cause; it kept asking for its patience.
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (Gateway.Hosting.ClusterErrors.IsUnavailable(e))
        {
            // The silos went away under a client (all killed mid-run): not a defect of this program, and Orleans' own words
            // ("Unable to connect to S127.0.0.1:32000:0, will retry after 923ms") promised a retry that never came.
            stderr.WriteLine($"error: the cluster stopped answering ({e.GetType().Name}: {Mosaic.Hosting.ErrorText.FirstLine(e.Message)})");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The machine refused a read or a write the checks before the work could not foresee (a full disk, /dev/full,
            // a folder made read-only meanwhile): its words, exit code 1, not "internal error".
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Mosaic.Storage.MosaicStorageException e)
        {
            // Settings the user gave that are wrong (a malformed connection string, a refused password, no such database)
            // are bad input, exit code 2; a store that cannot be reached otherwise is exit code 1, as for the silo.
            stderr.WriteLine($"error: {e.Message}");
            return e.BadSettings ? ExitCodes.UsageError : ExitCodes.Failure;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Exception types that describe bad input rather than a defect. Other libraries add theirs here.</summary>
    private static bool IsUserError(Exception e) =>
        e is UsageException or InvalidInstanceException or Mosaic.Inference.ModelLoadException or FileNotFoundException or DirectoryNotFoundException
        or Mosaic.Routing.WorkloadFormatException or Mosaic.Zoo.ZooException or Mosaic.Hosting.ModelFolderException or Mosaic.Hosting.StoreInUseException or Mosaic.Hosting.Pools.PoolFileException;
}
