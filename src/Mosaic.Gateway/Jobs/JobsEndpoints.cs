using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mosaic.Abstractions;
using Mosaic.Abstractions.Jobs;
using Mosaic.Abstractions.Results;
using Mosaic.Client;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Hosting;
using Mosaic.Storage;

namespace Mosaic.Gateway.Jobs;

/// <summary>
/// Mosaic's own job API, for what OpenAI has no word for: submit a <see cref="JobSpec"/> (JSON, snake_case), follow its
/// progress as server-sent events, read its plan, its report and its results page by page, cancel it.
/// </summary>
internal static class JobsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/jobs", SubmitAsync)
            .WithName("SubmitJob")
            .WithSummary("Submit a MoA job (a JobSpec); ?id= names it, else a new id. 201 with its report; 400 with the reason when the cluster rejects it.")
            .Accepts<JobSpec>("application/json")
            .Produces<JobReport>(StatusCodes.Status201Created)
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest);
        app.MapGet("/v1/jobs/{jobId}", async (string jobId, IMosaicClient client) => TypedResults.Json(await ReportAsync(client, jobId), GatewayJson.Options))
            .WithName("GetJobReport").Produces<JobReport>().Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/jobs/{jobId}/plan", async (string jobId, IMosaicClient client) =>
                TypedResults.Json(await client.GetPlanAsync(Checked(jobId)) ?? throw ApiException.NotFound("job", jobId, "job_id"), GatewayJson.Options))
            .WithName("GetJobPlan").Produces<JobPlanView>().Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/jobs/{jobId}/results", ResultsAsync)
            .WithName("GetJobResults")
            .WithSummary("Answered questions in question order from question index ?from= (default 0), at most ?limit= (default 100, at most 10,000); 'next' is the index to ask for next.")
            .Produces<ResultPage>().Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/jobs/{jobId}/events", EventsAsync)
            .WithName("WatchJob")
            .WithSummary("Progress as server-sent events ('progress', at least every half second) until the job ends ('end').")
            .Produces<JobProgress>(StatusCodes.Status200OK, "text/event-stream").Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapPost("/v1/jobs/{jobId}/cancel", async (string jobId, IMosaicClient client) =>
            {
                await ReportAsync(client, jobId);
                await client.CancelAsync(jobId);
                return TypedResults.Json(await ReportAsync(client, jobId), GatewayJson.Options);
            })
            .WithName("CancelJob").Produces<JobReport>().Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapDelete("/v1/jobs/{jobId}", DeleteAsync)
            .WithName("DeleteJob")
            .WithSummary("Delete an ended job: its report, plan and results; 409 while it runs (cancel it first).")
            .Produces<JobDeletion>().Produces<ErrorResponse>(StatusCodes.Status404NotFound).Produces<ErrorResponse>(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> DeleteAsync(string jobId, IMosaicClient client)
    {
        var report = await ReportAsync(client, jobId);
        try
        {
            await client.ForgetAsync(jobId);
        }
        catch (InvalidOperationException)
        {
            throw new ApiException(StatusCodes.Status409Conflict, $"Job '{jobId}' is {report.Status.ToString().ToLowerInvariant()}: cancel it (POST /v1/jobs/{jobId}/cancel) before deleting it.",
                "invalid_request_error", "job_running", "job_id");
        }
        catch (JobNotFoundException)
        {
            throw ApiException.NotFound("job", jobId, "job_id");
        }

        return TypedResults.Json(new JobDeletion(jobId, true), GatewayJson.Options);
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, IMosaicClient client, IOptions<GatewayOptions> options, string? id)
    {
        var body = await RequestBody.ReadAsync(context.Request, context.RequestAborted, options.Value.MaxUploadBytes);
        JobSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<JobSpec>(body.Span, GatewayJson.Options) ?? throw ApiException.BadRequest("The job spec is null.", "invalid_json");
        }
        catch (JsonException e)
        {
            var (message, param, code) = JsonErrors.Describe(e);
            throw ApiException.BadRequest($"The job spec is not valid: {message}", code, param);
        }

        if (spec.Questions.Any(q => q is null) || spec.ExpertPool.Any(e => e is null))
        {
            throw ApiException.BadRequest("'questions' and 'expert_pool' must not hold nulls.", "invalid_value");
        }

        var jobId = string.IsNullOrWhiteSpace(id) ? $"job-{Guid.NewGuid():N}" : Checked(id);
        if (await client.GetReportAsync(jobId) is not null)
        {
            throw Exists(jobId);
        }

        try
        {
            await client.SubmitAsync(spec, jobId);
        }
        catch (JobRejectedException e)
        {
            // Another request took the id between the check above and this submit, or the id was a deleted job's.
            throw e.Reason switch
            {
                JobRejection.IdInUse => Exists(jobId),
                JobRejection.IdRetired => new ApiException(
                    StatusCodes.Status409Conflict, $"Job '{jobId}' was deleted; a deleted job's id is not used again.", "invalid_request_error", "job_id_retired", "id"),
                _ => ApiException.BadRequest($"The cluster rejected the job: {e.Message}", "job_rejected"),
            };
        }

        return TypedResults.Json(await ReportAsync(client, jobId), GatewayJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static ApiException Exists(string jobId) =>
        new(StatusCodes.Status409Conflict, $"Job '{jobId}' already exists.", "invalid_request_error", "job_exists", "id");

    private static async Task<IResult> ResultsAsync(string jobId, IMosaicClient client, int? from, int? limit)
    {
        var start = from is null or >= 0 ? from ?? 0 : throw ApiException.BadRequest($"'from' must be 0 or more, got {from}.", "invalid_value", "from");
        var size = PageLimit.Of(limit, 100, 10_000);
        await ReportAsync(client, jobId);
        var page = await client.GetResultPageAsync(jobId, start, size);
        return TypedResults.Json(page, GatewayJson.Options);
    }

    /// <summary>
    /// Progress events until the job ends, then its report. When the gateway begins to stop, an error event
    /// <c>server_shutting_down</c> ends the stream at once (the job is not cancelled: watch it again once a gateway
    /// answers). A watcher has no answer to wait for, so unlike a chat request it does not hold the stop for its budget.
    /// </summary>
    private static async Task EventsAsync(HttpContext context, string jobId, IMosaicClient client, IHostApplicationLifetime lifetime)
    {
        await ReportAsync(client, jobId);
        var ct = context.RequestAborted;
        var stopping = lifetime.ApplicationStopping;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        ServerSentEvents.Start(context.Response);
        try
        {
            await foreach (var progress in client.WatchAsync(jobId, watching.Token))
            {
                await ServerSentEvents.EventAsync(context.Response, "progress", GatewayJson.Line(progress), ct);
            }

            await ServerSentEvents.EventAsync(context.Response, "end", GatewayJson.Line(await ReportAsync(client, jobId)), ct);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            var goodbye = ApiException.ShuttingDown("The gateway is stopping; the job is not cancelled. Follow it again once a gateway answers (a job whose silos stop too, as under mosaic serve, resumes when they start again).");
            await ServerSentEvents.EventAsync(context.Response, "error", GatewayJson.Line(new ErrorResponse(goodbye.Error)), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await ServerSentEvents.EventAsync(context.Response, "error", GatewayJson.Line(ErrorMiddleware.Describe(e).Body), ct);
        }
    }

    private static async Task<JobReport> ReportAsync(IMosaicClient client, string jobId) =>
        await client.GetReportAsync(Checked(jobId)) ?? throw ApiException.NotFound("job", jobId, "job_id");

    /// <summary>A job id the endpoints can take: one path segment (a '/' could never be read back) the stores can keep.</summary>
    private static string Checked(string jobId) =>
        jobId.Length > MosaicStorage.MaxIdLength ? throw ApiException.BadRequest($"A job id has at most {MosaicStorage.MaxIdLength} characters.", "invalid_value", "job_id")
        : jobId.Contains('/') ? throw ApiException.BadRequest($"A job id cannot contain '/': /v1/jobs/{{id}} could never name job '{jobId}'.", "invalid_value", "job_id")
        : jobId;
}
