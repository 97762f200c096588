namespace Mosaic.Client;

/// <summary>Retries the first connection to the cluster forever, at a fixed interval, until the host stops.</summary>
internal sealed class ConnectRetryFilter(TimeSpan interval) : IClientConnectionRetryFilter
{
    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
