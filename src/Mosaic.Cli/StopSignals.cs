using System.Runtime.InteropServices;

namespace Mosaic.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a cancellation token, for commands that stop cleanly. Signal registrations rather
/// than <c>Console.CancelKeyPress</c>: the latter stops catching SIGINT once an embedded cluster has run a job, and the
/// process then dies with 130 instead of shutting down.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    public CancellationToken Token => _stop.Token;

    public bool Stopped => _stop.IsCancellationRequested;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the command ended (and disposed this) while the signal's cancellation callbacks ran: nothing left to stop
        }
    }
}
