using Mosaic.Grains.Devices;
using Mosaic.Grains.Devices.Sessions;

namespace Mosaic.Grains.Tests;

/// <summary>Steps the session-queue tests take: a time in seconds, calls that must be queued, an admission run to its end.</summary>
internal static class SessionQueueSteps
{
    public static TimeSpan T(double seconds) => TimeSpan.FromSeconds(seconds);

    public static void SubmitAll(this SessionQueue queue, TimeSpan now, params InferenceRequest[] requests)
    {
        foreach (var request in requests)
        {
            Assert.Equal(SubmitResult.Queued, queue.Submit(request, now));
        }
    }

    public static void FinishAll(this SessionQueue queue, AdmitDecision admit)
    {
        foreach (var request in admit.Requests)
        {
            queue.Finished(request.JobId, request.Key);
        }
    }
}
