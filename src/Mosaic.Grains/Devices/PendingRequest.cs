namespace Mosaic.Grains.Devices;

/// <summary>A request waiting in or running on a device; completed exactly once through <see cref="Completion"/>.</summary>
internal sealed class PendingRequest(InferenceRequest request)
{
    private readonly TaskCompletionSource<InferenceOutput> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _cancellation = new();

    public InferenceRequest Request { get; } = request;

    public Task<InferenceOutput> Completion => _completion.Task;

    /// <summary>Signalled when the caller no longer needs the answer; backends stop generating for it.</summary>
    public CancellationToken Cancelled => _cancellation.Token;

    public bool IsDone => _completion.Task.IsCompleted;

    public void Complete(InferenceOutput output) => _completion.TrySetResult(output);

    public void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel()
    {
        _cancellation.Cancel();
        _completion.TrySetCanceled();
    }
}
