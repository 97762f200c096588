using Mosaic.Abstractions.Results;

namespace Mosaic.Gateway.Health;

/// <summary>Whether the gateway's warm-up (<see cref="GatewayWarmUp"/>) has ended, for <c>/readyz</c> and <c>mosaic serve</c>.</summary>
internal sealed class WarmUpState
{
    private readonly TaskCompletionSource<IReadOnlyList<JobReport>?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The warm-up jobs' reports once the warm-up has ended; null without a warm-up, or when it could not run to the end (logged).</summary>
    public Task<IReadOnlyList<JobReport>?> Ended => _ended.Task;

    public bool HasEnded => _ended.Task.IsCompleted;

    public void End(IReadOnlyList<JobReport>? reports) => _ended.TrySetResult(reports);
}
