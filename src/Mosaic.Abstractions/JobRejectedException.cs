using Mosaic.Abstractions.Jobs;

namespace Mosaic.Abstractions;

/// <summary>A job the cluster refused at submission; the message says why in one line, <see cref="Reason"/> what kind of refusal it is.</summary>
public sealed class JobRejectedException(string message, JobRejection reason = JobRejection.Invalid) : Exception(message)
{
    public JobRejection Reason { get; } = reason;
}
