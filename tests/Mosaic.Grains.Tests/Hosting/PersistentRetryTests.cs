using Microsoft.Extensions.Logging.Abstractions;
using Mosaic.Grains.Hosting;

namespace Mosaic.Grains.Tests.Hosting;

public sealed class PersistentRetryTests
{
    private readonly PersistentRetry _retry = new(TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task RunAsync_TransientErrors_AreRetriedUntilTheAttemptSucceeds()
    {
        var attempts = 0;
        var succeeded = await _retry.RunAsync(
            () => ++attempts < 3 ? throw new TimeoutException("store busy") : Task.CompletedTask,
            "writing",
            (_, _) => true);

        Assert.True(succeeded);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task RunAsync_TheJobIsGone_GivesUpAtOnceEvenWhenTheCallerWouldRetry()
    {
        var attempts = 0;
        var run = _retry.RunAsync(
            () =>
            {
                attempts++;
                throw new KeyNotFoundException("Job 'deleted' does not exist in the job store");
            },
            "writing",
            (_, _) => true);

        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.False(await run);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task RunAsync_TheCallerRefuses_GivesUpAfterOneAttempt()
    {
        var attempts = 0;
        var succeeded = await _retry.RunAsync(
            () =>
            {
                attempts++;
                throw new InvalidOperationException("newer activation");
            },
            "writing",
            (error, _) => error is not InvalidOperationException);

        Assert.False(succeeded);
        Assert.Equal(1, attempts);
    }
}
