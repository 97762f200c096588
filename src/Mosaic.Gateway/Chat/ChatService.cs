using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Chat;

/// <summary>
/// Runs one chat question as a one-question job: submit, wait for its end, read its one result. A request that goes
/// away (or times out, or is still waiting when the gateway's stop budget runs out) cancels its job, so no model keeps
/// generating for nobody.
/// </summary>
internal sealed class ChatService(
    IMosaicClient client, PoolCatalog catalog, ChatJobRetention retention, ShutdownDeadline shutdown, IOptions<GatewayOptions> options, ILogger<ChatService> logger)
{
    /// <summary>The id of a chat job's one question.</summary>
    private const string QuestionId = "q";

    /// <summary>How long a submit is sent again while it meets a lost silo: about the time the cluster takes to declare one dead.</summary>
    private static readonly TimeSpan SubmitPatience = TimeSpan.FromSeconds(20);

    /// <summary>How long one submit may wait for its answer (planning a one-question job takes milliseconds).</summary>
    private static readonly TimeSpan SubmitAttemptTimeout = TimeSpan.FromSeconds(10);

    public static string NewId() => $"chatcmpl-{Guid.NewGuid():N}";

    /// <summary>
    /// Submits the question as job <paramref name="jobId"/> (the completion id). A submit that meets a silo just lost
    /// (its job grain placed there, or its directory entry kept there, until the cluster declares the silo dead) is sent
    /// again for up to <see cref="SubmitPatience"/>: another silo takes it. Such requests used to get a 503 "The cluster is
    /// not reachable" while the other silos served on. A client connected to no silo at all says so at once
    /// (<see cref="ClusterUnavailableException"/>), and the request gets its 503 with <c>Retry-After</c> then, not after
    /// the 20 s (until 2026-12-06).
    /// </summary>
    /// <exception cref="ApiException">The cluster refused the job (503, with its reason).</exception>
    public async Task SubmitAsync(string jobId, ChatQuestion question, CancellationToken requestAborted = default)
    {
        var spec = retention.Apply(catalog.Job(question.Model, [PendingQuestion.Of(QuestionId, question)], question.Priority))
            with { StreamText = question.Stream, WatchLease = options.Value.ChatWatchLease };
        var patience = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Each attempt bounded: a submit sent to a silo that dies before it answers would otherwise wait out the
                // client's response timeout (minutes), with the request's stream silent all along.
                await client.SubmitAsync(spec, jobId).WaitAsync(SubmitAttemptTimeout, requestAborted);
                return;
            }
            catch (JobRejectedException e) when (attempt > 1 && e.Reason == JobRejection.IdInUse)
            {
                return; // an earlier attempt got through and its answer was lost with the silo: the id is this request's alone
            }
            catch (JobRejectedException e)
            {
                throw ApiException.Unavailable($"The cluster cannot run this request: {e.Message}");
            }
            catch (Exception e) when (e is not ClusterUnavailableException && ClusterErrors.IsUnavailable(e) && patience.Elapsed < SubmitPatience && !requestAborted.IsCancellationRequested)
            {
                logger.LogInformation("Chat job {Job}: submit attempt {Attempt} failed ({Error}); sending it again", jobId, attempt, ClusterErrors.Reason(e));
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 200 * attempt)), requestAborted);
            }
        }
    }

    /// <summary>
    /// Waits for the job's end and returns its one result; cancels the job when the request goes away or times out.
    /// However the wait ends, the job is then left to <see cref="ChatJobRetention"/>; a refused request's (a 4xx) is forgotten at once. A streaming job's answer text so far
    /// goes to <paramref name="onAnswerText"/> as it grows (<see cref="AnswerText"/>).
    /// </summary>
    /// <exception cref="ApiException">The job failed, answered nothing, timed out, or the gateway is stopping (<see cref="ShutdownDeadline"/>).</exception>
    public async Task<QuestionResult> WaitAsync(string jobId, CancellationToken requestAborted, Action<string>? onAnswerText = null, string? model = null)
    {
        var texts = new CallTextAssembly();
        var oneExpert = model is not null && model != catalog.MoaModel;
        var refused = false;
        try
        {
            return await ResultAsync(jobId, requestAborted, progress =>
            {
                if (onAnswerText is null || progress.Texts is null)
                {
                    return;
                }

                texts.Add(progress.Texts);

                // An empty text is nothing to show yet, and must not start a stream that a refusal could still make a 4xx.
                if (AnswerText(texts, oneExpert) is { Length: > 0 } text)
                {
                    onAnswerText(text);
                }
            });
        }
        catch (ApiException e) when (e.Status is >= 400 and < 500)
        {
            refused = true; // the client never gets this job's id, so nobody will read what it holds (its whole prompt)
            throw;
        }
        finally
        {
            retention.Ended(jobId, refused);
        }
    }

    /// <summary>
    /// The text so far of the call whose text will be the message (<see cref="CompletionFactory"/>): the aggregator's,
    /// or with one expert's model (<paramref name="oneExpert"/>) that expert's; null while neither has reported (the
    /// gate may skip the aggregator, and then the message is known only at the end).
    /// </summary>
    private static string? AnswerText(CallTextAssembly texts, bool oneExpert) =>
        texts.TextOf(QuestionId, slot: null) ?? (oneExpert ? texts.TextOf(QuestionId, slot: 0) : null);

    private async Task<QuestionResult> ResultAsync(string jobId, CancellationToken requestAborted, Action<JobProgress> onProgress)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, shutdown.Token);
        timeout.CancelAfter(options.Value.ChatTimeout);
        JobReport report;
        try
        {
            report = await client.WaitForCompletionAsync(jobId, onProgress, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await CancelQuietlyAsync(jobId);
            if (requestAborted.IsCancellationRequested)
            {
                throw;
            }

            if (shutdown.Token.IsCancellationRequested)
            {
                throw ApiException.ShuttingDown("The gateway is stopping and this request did not finish within its stop budget; its job was cancelled. Send it again.");
            }

            throw new ApiException(StatusCodes.Status504GatewayTimeout, $"No answer within {options.Value.ChatTimeout}; the job was cancelled.", "server_error", "timeout");
        }

        if (report.Status != JobStatus.Completed)
        {
            throw new ApiException(StatusCodes.Status500InternalServerError, $"The job ended {report.Status.ToString().ToLowerInvariant()}: {report.Error ?? "no answer"}.", "server_error", "job_failed");
        }

        var page = await client.GetResultPageAsync(jobId, 0, 1);
        var result = page.Results.FirstOrDefault()
            ?? throw new ApiException(StatusCodes.Status500InternalServerError, "The job completed without a result.", "server_error", "job_failed");
        return CompletionFactory.HasAnswer(result) ? result
            : CompletionFactory.OverflowedContext(result)
            ? throw ApiException.BadRequest($"The request does not fit the models' context: {CompletionFactory.Failure(result)}.", "context_length_exceeded", "messages")
            : throw new ApiException(StatusCodes.Status500InternalServerError, $"No model answered: {CompletionFactory.Failure(result)}.", "server_error", "generation_failed");
    }

    private async Task CancelQuietlyAsync(string jobId)
    {
        try
        {
            await client.CancelAsync(jobId);
        }
        catch (Exception e) when (ClusterErrors.IsUnavailable(e))
        {
            logger.LogWarning("Chat job {Job} could not be cancelled: {Error}", jobId, e.Message);
        }
    }
}
