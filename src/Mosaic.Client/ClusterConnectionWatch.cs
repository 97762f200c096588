namespace Mosaic.Client;

/// <summary>
/// How many of the cluster's gateways the Orleans client is connected to, as Orleans reports it. None means every silo
/// it knew has gone (or it never reached one): a call that then fails to reach the cluster is not worth sending again
/// at once. With one silo of several lost, the others stay connected and a call is sent again to them.
/// </summary>
internal sealed class ClusterConnectionWatch : IClusterConnectionStatusObserver
{
    private int _gateways;

    public bool Connected => Volatile.Read(ref _gateways) > 0;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered) =>
        Volatile.Write(ref _gateways, currentNumberOfGateways);

    public void NotifyClusterConnectionLost() => Volatile.Write(ref _gateways, 0);
}
