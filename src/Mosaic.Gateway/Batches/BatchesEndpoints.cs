using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Hosting;

namespace Mosaic.Gateway.Batches;

/// <summary><c>/v1/batches</c>: create a batch over an uploaded file, follow it, list batches, cancel one.</summary>
internal static class BatchesEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/batches", async (HttpContext context, BatchService batches) =>
            {
                var body = await context.Request.ReadFromJsonAsync<CreateBatchRequest>(GatewayJson.Options, context.RequestAborted)
                    ?? throw ApiException.BadRequest("The request body must be a JSON object.", "invalid_json");
                return TypedResults.Json(await batches.CreateAsync(body, context.RequestAborted), GatewayJson.Options);
            })
            .WithName("CreateBatch")
            .WithSummary("Run every request line of an uploaded file as one MOSAIC job, planned as a whole.")
            .Accepts<CreateBatchRequest>("application/json")
            .Produces<BatchObject>()
            .Produces<ErrorResponse>(StatusCodes.Status400BadRequest)
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/batches", async (BatchService batches, string? after, int? limit, CancellationToken ct) =>
                TypedResults.Json(await batches.ListAsync(after, PageLimit.Of(limit, 20, 100), ct), GatewayJson.Options))
            .WithName("ListBatches")
            .Produces<ListResponse<BatchObject>>();
        app.MapGet("/v1/batches/{batchId}", async (string batchId, BatchService batches, CancellationToken ct) =>
                TypedResults.Json(await batches.GetAsync(batchId, ct), GatewayJson.Options))
            .WithName("RetrieveBatch")
            .Produces<BatchObject>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);
        app.MapPost("/v1/batches/{batchId}/cancel", async (string batchId, BatchService batches, CancellationToken ct) =>
                TypedResults.Json(await batches.CancelAsync(batchId, ct), GatewayJson.Options))
            .WithName("CancelBatch")
            .WithSummary("Cancel the batch's job; the lines answered so far are kept in the output file.")
            .Produces<BatchObject>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);
    }
}
