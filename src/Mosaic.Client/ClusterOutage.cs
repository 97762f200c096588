namespace Mosaic.Client;

/// <summary>
/// Since when the calls of one read or watch have failed to reach the cluster: they are asked again until the
/// patience is spent, then <see cref="ClusterUnavailableException"/>. An answer ends the outage.
/// </summary>
internal sealed class ClusterOutage(ClusterContact contact)
{
    private DateTime? _since;

    /// <exception cref="ClusterUnavailableException">The failures have lasted the patience.</exception>
    public void Failed(Exception e)
    {
        var now = DateTime.UtcNow;
        _since ??= now;
        if (now - _since >= contact.Patience)
        {
            throw contact.Unavailable(now - _since.Value, e);
        }
    }

    public void Answered() => _since = null;
}
