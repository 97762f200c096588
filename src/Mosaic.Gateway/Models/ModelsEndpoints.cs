using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mosaic.Gateway.Api;
using Mosaic.Gateway.Chat;

namespace Mosaic.Gateway.Models;

/// <summary><c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the mixture and each expert of the pool.</summary>
internal static class ModelsEndpoints
{
    private static readonly long Started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", (PoolCatalog catalog) => TypedResults.Json(new ListResponse<ModelObject>(catalog.Models.Select(m => Model(catalog, m)).ToArray()), Hosting.GatewayJson.Options))
            .WithName("ListModels")
            .WithSummary("The mixture of agents and each expert of the pool.")
            .Produces<ListResponse<ModelObject>>();
        app.MapGet("/v1/models/{model}", (string model, PoolCatalog catalog) => catalog.IsModel(model)
                ? TypedResults.Json(Model(catalog, model), Hosting.GatewayJson.Options)
                : throw new ApiException(StatusCodes.Status404NotFound, $"The model '{model}' does not exist.", "invalid_request_error", "model_not_found", "model"))
            .WithName("RetrieveModel")
            .Produces<ModelObject>()
            .Produces<ErrorResponse>(StatusCodes.Status404NotFound);
    }

    private static ModelObject Model(PoolCatalog catalog, string id) =>
        new(id, Started, "mosaic", id == catalog.MoaModel ? "mixture" : "expert");
}
