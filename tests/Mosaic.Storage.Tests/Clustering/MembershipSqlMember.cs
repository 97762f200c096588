using System.Data;

namespace Mosaic.Storage.Tests.Clustering;

/// <summary>A membership row's parameters, typed as the 10.4.2 clustering provider types them.</summary>
internal sealed record MembershipSqlMember(string Address, int Port, int Generation, string Name)
{
    public int ProxyPort => Port + 1;

    public (string, object?, DbType)[] Identity() =>
    [
        ("Address", Address, DbType.AnsiString),
        ("Port", Port, DbType.Int32),
        ("Generation", Generation, DbType.Int32),
    ];

    public (string, object?, DbType)[] Insert(int status, int version)
    {
        var now = DateTime.UtcNow;
        return [.. Identity(),
            ("SiloName", Name, DbType.String),
            ("HostName", "host", DbType.String),
            ("Status", status, DbType.Int32),
            ("ProxyPort", ProxyPort, DbType.Int32),
            ("StartTime", now, DbType.DateTime),
            ("IAmAliveTime", now, DbType.DateTime),
            ("Version", version, DbType.Int32)];
    }

    public (string, object?, DbType)[] Update(int status, int version, string? suspects = null) =>
    [.. Identity(),
        ("Status", status, DbType.Int32),
        ("SuspectTimes", suspects, DbType.String),
        ("IAmAliveTime", DateTime.UtcNow, DbType.DateTime),
        ("Version", version, DbType.Int32)];

    public (string, object?, DbType)[] Heartbeat(DateTime time) =>
        [.. Identity(), ("IAmAliveTime", time, DbType.DateTime)];
}
