namespace Mosaic.Grains.Jobs;

/// <summary>
/// One write of a reentrant grain's state at a time (Orleans' persistent state does not allow two at once). A write
/// that finds a newer activation's state throws <see cref="Orleans.Storage.InconsistentStateException"/>.
/// </summary>
internal sealed class SerialStateWriter<T>(IPersistentState<T> state)
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    public async Task WriteAsync()
    {
        await _writing.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writing.Release();
        }
    }
}
