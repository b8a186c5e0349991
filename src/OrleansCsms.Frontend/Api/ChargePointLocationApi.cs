using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Where charge points stand: set, removed, and all of them for a map.</summary>
public static class ChargePointLocationApi
{
    private const string Tag = "Charge points";

    public static IEndpointRouteBuilder MapChargePointLocationApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points").WithTags(Tag);

        // A literal segment outranks {id}, so this route shadows GET of a charge point named "locations" (its other routes still work).
        group.MapGet("/locations", ListAsync)
            .WithName("ListChargePointLocations")
            .WithSummary("Lists every registered charge point that has a position, ordered by id, with its status and connection: what a map shows.");

        group.MapPut("/{id}/location", SetAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .Accepts<SetChargePointLocationRequest>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SetChargePointLocation")
            .WithSummary("Sets where the charge point stands: latitude (-90..90) and longitude (-180..180) together, an address, or both; replaces the previous location whole.");

        group.MapDelete("/{id}/location", DeleteAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteChargePointLocation")
            .WithSummary("Removes the charge point's position and address; it leaves the map.");

        return endpoints;
    }

    public static async Task<Ok<ChargePointLocationsResponse>> ListAsync([FromServices] ICsmsQueries queries, CancellationToken cancellationToken)
    {
        var located = await queries.ListLocatedChargePointsAsync(cancellationToken);
        return TypedResults.Ok(new ChargePointLocationsResponse(located.Count, [.. located.Select(l => l.ToResponse())]));
    }

    public static async Task<Results<Ok<ChargePointDetails>, ValidationProblem, ProblemHttpResult>> SetAsync(
        string id,
        JsonBody<SetChargePointLocationRequest> body,
        [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors();
        var location = errors.Location(request.Latitude, request.Longitude, request.Address);
        if (errors.IsValid && location is null)
        {
            errors.Add("latitude", "Give latitude and longitude, an address, or both; DELETE removes the location.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var chargePoint = grains.GetGrain<IChargePointGrain>(id);
        if (!await chargePoint.SetLocationAsync(location) || await chargePoint.GetAsync() is not { } state)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        return TypedResults.Ok(state.ToDetails(activeTransactions: null));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IChargePointGrain>(id).SetLocationAsync(null) ? TypedResults.NoContent() : ApiProblems.UnknownChargePoint(id);
}
