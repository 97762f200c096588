namespace Mosaic.Storage.Tests.Clustering;

/// <summary>One row of MembershipReadAllKey / MembershipReadRowKey (member columns null for the version-only row).</summary>
internal sealed record MembershipSqlRow(string? Silo, int? Status, string? SuspectTimes, DateTime? StartTime, DateTime? IAmAliveTime, int Version);
