using Mosaic.Scheduling;

namespace Mosaic.Cli;

/// <summary>
/// Runs a command body and turns user errors into one line on stderr with exit code 2; anything else is a bug
/// and is reported (still on one line) with exit code 1.
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
        catch (Exception e)
        {
            stderr.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Exception types that describe bad input rather than a defect. Other libraries add theirs here.</summary>
    private static bool IsUserError(Exception e) =>
        e is UsageException or InvalidInstanceException or FileNotFoundException or DirectoryNotFoundException
        or Mosaic.Routing.WorkloadFormatException or Mosaic.Zoo.ZooException or Mosaic.Hosting.ModelFolderException or Mosaic.Hosting.StoreInUseException or Mosaic.Hosting.Pools.PoolFileException;
}
