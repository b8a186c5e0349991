using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Tariffs and where they apply (OCPP 2.0.1 block I, central cost calculation): a session's cost is computed from its
/// meter data by its tariff and told to OCPP 2.0.1 stations as totalCost and CostUpdated; every transaction shows it.
/// </summary>
public static partial class TariffsApi
{
    private const string Tag = "Tariffs";
    private const decimal MaxPrice = 1_000_000m;

    public static IEndpointRouteBuilder MapTariffsApi(this IEndpointRouteBuilder endpoints)
    {
        var tariffs = endpoints.MapGroup("/tariffs").WithTags(Tag);

        tariffs.MapGet("/", ListAsync)
            .WithName("ListTariffs")
            .WithSummary("Lists every tariff and its assignments: the default, per charge point and per id tag group.");

        tariffs.MapGet("/{tariffId}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTariff")
            .WithSummary("Returns a tariff.");

        tariffs.MapPut("/{tariffId}", PutAsync)
            .Accepts<TariffBody>("application/json")
            .ProducesValidationProblem()
            .WithName("PutTariff")
            .WithSummary("Defines a tariff, or replaces the one with this id (201 when new): prices per kWh, per minute of charging and per session, a currency and a validity. Sessions under way keep the prices they started with.");

        tariffs.MapDelete("/{tariffId}", DeleteAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteTariff")
            .WithSummary("Removes a tariff; 409 while it is assigned anywhere.");

        var assignments = endpoints.MapGroup("/tariff-assignments").WithTags(Tag);

        assignments.MapPut("/default", AssignDefaultAsync)
            .Accepts<TariffAssignmentBody>("application/json")
            .ProducesValidationProblem()
            .WithName("AssignDefaultTariff")
            .WithSummary("Sets the tariff of sessions that no id tag group's or charge point's tariff prices (tariffId null: none).");

        assignments.MapPut("/charge-points/{id}", AssignChargePointAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .Accepts<TariffAssignmentBody>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("AssignChargePointTariff")
            .WithSummary("Sets the tariff of sessions on a charge point (tariffId null: none, the default applies).");

        assignments.MapPut("/id-tag-groups/{groupId}", AssignIdTagGroupAsync)
            .Accepts<TariffAssignmentBody>("application/json")
            .ProducesValidationProblem()
            .WithName("AssignIdTagGroupTariff")
            .WithSummary("Sets the tariff of sessions by tokens of an id tag group (their parent id tag), wherever they charge (tariffId null: none).");

        return endpoints;
    }

    public static async Task<Ok<TariffBookResponse>> ListAsync([FromServices] IGrainFactory grains) =>
        TypedResults.Ok(TariffBookResponse.From(await Book(grains).GetAsync()));

    public static async Task<Results<Ok<TariffResponse>, ProblemHttpResult>> GetAsync(string tariffId, [FromServices] IGrainFactory grains)
    {
        var book = await Book(grains).GetAsync();
        return book.Tariffs.FirstOrDefault(t => t.Id == tariffId) is { } tariff
            ? TypedResults.Ok(TariffResponse.From(tariff))
            : ApiProblems.NotFound("Tariff not found", $"There is no tariff '{tariffId}'.");
    }

    public static async Task<Results<Created<TariffResponse>, Ok<TariffResponse>, ValidationProblem>> PutAsync(
        string tariffId, JsonBody<TariffBody> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(TariffIdPattern().IsMatch(tariffId), "tariffId", "Must be 1-36 letters, digits, '.', '_' or '-'.")
            .Check(request.Currency is { } currency && CurrencyPattern().IsMatch(currency), "currency", "Required: an ISO 4217 code of three capital letters, e.g. EUR.")
            .Check(request.ValidFrom is null || request.ValidTo is null || request.ValidFrom < request.ValidTo, "validTo", "Must be after validFrom.")
            .Length("description", request.Description, 1, 200, required: false);
        Price(errors, "pricePerKWh", request.PricePerKWh);
        Price(errors, "pricePerMinute", request.PricePerMinute);
        Price(errors, "pricePerSession", request.PricePerSession);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var tariff = new Tariff(
            tariffId, request.Currency!, request.PricePerKWh ?? 0, request.PricePerMinute ?? 0, request.PricePerSession ?? 0,
            request.ValidFrom, request.ValidTo, request.Description);
        var added = await Book(grains).PutAsync(tariff);
        var response = TariffResponse.From(tariff);
        return added ? TypedResults.Created($"/api/tariffs/{Uri.EscapeDataString(tariffId)}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string tariffId, [FromServices] IGrainFactory grains) =>
        await Book(grains).DeleteAsync(tariffId) is { } refusal
            ? ApiProblems.Conflict("Tariff in use", refusal)
            : TypedResults.NoContent();

    public static async Task<Results<Ok<TariffBookResponse>, ValidationProblem>> AssignDefaultAsync(
        JsonBody<TariffAssignmentBody> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        return await AssignAsync(grains, TariffScope.Default, null, request.TariffId) is { } refusal ? refusal : await BookAsync(grains);
    }

    public static async Task<Results<Ok<TariffBookResponse>, ValidationProblem, ProblemHttpResult>> AssignChargePointAsync(
        string id, JsonBody<TariffAssignmentBody> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        return await AssignAsync(grains, TariffScope.ChargePoint, id, request.TariffId) is { } refusal ? refusal : await BookAsync(grains);
    }

    public static async Task<Results<Ok<TariffBookResponse>, ValidationProblem>> AssignIdTagGroupAsync(
        string groupId, JsonBody<TariffAssignmentBody> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().IdTag("groupId", groupId);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return await AssignAsync(grains, TariffScope.IdTagGroup, groupId, request.TariffId) is { } refusal ? refusal : await BookAsync(grains);
    }

    /// <summary>Assigns the tariff; the refusal when it names no tariff, else null.</summary>
    private static async Task<ValidationProblem?> AssignAsync(IGrainFactory grains, TariffScope scope, string? key, string? tariffId) =>
        await Book(grains).AssignAsync(scope, key, tariffId) is { } refusal ? new ValidationErrors().Add("tariffId", refusal).ToProblem() : null;

    private static async Task<Ok<TariffBookResponse>> BookAsync(IGrainFactory grains) => TypedResults.Ok(TariffBookResponse.From(await Book(grains).GetAsync()));

    private static void Price(ValidationErrors errors, string field, decimal? price) =>
        errors.Check(price is null || (price >= 0 && price <= MaxPrice && decimal.Round(price.Value, 6) == price), field, $"Must be 0 to {MaxPrice}, with at most 6 decimals.");

    private static ITariffsGrain Book(IGrainFactory grains) => grains.GetGrain<ITariffsGrain>(ITariffsGrain.Key);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,36}$")]
    private static partial Regex TariffIdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();
}
