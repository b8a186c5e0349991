using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Registering, inspecting and forgetting charge points.</summary>
public static class ChargePointsApi
{
    private const string Tag = "Charge points";

    public static IEndpointRouteBuilder MapChargePointsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points").WithTags(Tag);

        group.MapGet("/", ListAsync)
            .WithName("ListChargePoints")
            .WithSummary("Lists registered charge points, ordered by id, optionally by status, connection and a search of id and description.");

        group.MapPost("/", RegisterAsync)
            .Accepts<RegisterChargePointRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RegisterChargePoint")
            .WithSummary("Registers a charge point so it may connect and boot.");

        group.MapGet("/{id}", GetAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetChargePoint")
            .WithSummary("Returns a charge point: boot information, connectors, connection, transactions in progress.");

        group.MapDelete("/{id}", DeleteAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteChargePoint")
            .WithSummary("Forgets a charge point and closes its connection.");

        group.MapPut("/{id}/password", SetPasswordAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .Accepts<SetPasswordRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("SetChargePointPassword")
            .WithSummary("Sets or replaces the password the charge point must present with HTTP Basic auth.");

        group.MapPut("/{id}/boot-status", HoldBootStatusAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .Accepts<BootStatusRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("HoldChargePointBootStatus")
            .WithSummary("Holds the charge point's boots at Pending (to provision it first) or Rejected, or with Accepted releases the hold and approves it; takes effect at its next BootNotification (trigger one to apply it now).");

        return endpoints;
    }

    public static async Task<Results<Ok<PagedResponse<ChargePointSummary>>, ValidationProblem>> ListAsync(
        string? status,
        bool? connected,
        string? search,
        int? page,
        int? pageSize,
        [FromServices] ICsmsQueries queries,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Resolve(page, pageSize, errors);
        errors.Length("search", search, 0, ChargePointRules.MaxTextLength, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await queries.ListChargePointsAsync(new ChargePointQuery(status, connected, pageNumber, size) { Search = search }, cancellationToken);
        return TypedResults.Ok(result.ToResponse(ChargePointMapping.ToSummary));
    }

    public static async Task<Results<Created<ChargePointDetails>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        JsonBody<RegisterChargePointRequest> body,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<OcppOptions> ocpp)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Id("id", request.Id, ocpp.Value.MaxIdentityLength)
            .Length("description", request.Description, 0, ChargePointRules.MaxTextLength, required: false)
            .Length("location", request.Location, 0, ChargePointRules.MaxTextLength, required: false)
            .Password("password", request.Password, required: false);
        var where = errors.Location(request.Latitude, request.Longitude, request.Address);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var chargePoint = grains.GetGrain<IChargePointGrain>(request.Id!);
        if (!await chargePoint.RegisterAsync(new ChargePointRegistration(request.Description, request.Location, request.Password, where)))
        {
            return ApiProblems.Conflict("Charge point already registered", $"A charge point '{request.Id}' is already registered.");
        }

        var state = await chargePoint.GetAsync();
        return TypedResults.Created($"/api/charge-points/{Uri.EscapeDataString(request.Id!)}", state!.ToDetails(activeTransactions: null));
    }

    public static async Task<Results<Ok<ChargePointDetails>, ProblemHttpResult>> GetAsync(
        string id,
        bool? includeTransactions,
        [FromServices] IGrainFactory grains)
    {
        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is not { } state)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        IReadOnlyList<TransactionSummary>? transactions = null;
        if (includeTransactions == true)
        {
            var found = await Task.WhenAll(state.OpenTransactions.Values.Select(t => TransactionsApi.GetGrain(grains, t).GetAsync()));
            transactions = [.. found.OfType<TransactionState>().Select(TransactionMapping.ToSummary)];
        }

        return TypedResults.Ok(state.ToDetails(transactions));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IChargePointGrain>(id).DeleteAsync() ? TypedResults.NoContent() : ApiProblems.UnknownChargePoint(id);

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SetPasswordAsync(
        string id,
        JsonBody<SetPasswordRequest> body,
        [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().Password("password", request.Password, required: true);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return await grains.GetGrain<IChargePointGrain>(id).SetPasswordAsync(request.Password!)
            ? TypedResults.NoContent()
            : ApiProblems.UnknownChargePoint(id);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> HoldBootStatusAsync(
        string id,
        JsonBody<BootStatusRequest> body,
        [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().OneOf("status", request.Status, ["Accepted", "Pending", "Rejected"]);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return await grains.GetGrain<IChargePointGrain>(id).HoldBootStatusAsync(request.Status!)
            ? TypedResults.NoContent()
            : ApiProblems.UnknownChargePoint(id);
    }
}
