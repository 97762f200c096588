using Mosaic.Inference.Generation;

namespace Mosaic.Inference.Tests;

internal static class EngineWait
{
    /// <summary>
    /// Blocks until <paramref name="engine"/> runs a request, and fails if <paramref name="running"/> finished first or
    /// nothing ran within a minute. It blocks rather than awaits: an awaiting test's continuation can wait seconds
    /// for a free xUnit thread while other test classes run, long enough for a request of thousands of tokens to
    /// finish unseen (a CI run once looped forever on <c>while (ActiveCount == 0) await Task.Delay(5)</c>).
    /// </summary>
    public static void UntilRunning(GenerationEngine engine, Task running)
    {
        var seen = SpinWait.SpinUntil(() => engine.ActiveCount > 0 || running.IsCompleted, TimeSpan.FromMinutes(1));
        Assert.True(seen, "the engine ran nothing within a minute");
        Assert.False(running.IsCompleted, "the long request finished before the test saw it running");
    }
}
