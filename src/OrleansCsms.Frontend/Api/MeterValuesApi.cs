using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A charge point's latest readings, within transactions or not: clock-aligned values of a 2.0.1 station as a whole
/// (EVSE 0) and of its EVSEs, a 1.6 charge point's per connector, each sampled value with its signature when signed.
/// </summary>
public static class MeterValuesApi
{
    private const int DefaultReadings = 50;
    private const int MaxReadings = 1_000;

    public static IEndpointRouteBuilder MapMeterValuesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/charge-points/{id}/meter-values", ListAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Transactions")
            .WithName("ListChargePointMeterValues")
            .WithSummary("Lists a charge point's latest readings (MeterValues and transaction data), newest first: the sampled values of the last `readings` readings (default 50, at most 1000), of one connector or EVSE when connectorId is given (0: the whole station).");
        return endpoints;
    }

    public static async Task<Results<Ok<ChargePointMeterValuesResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string id,
        int? connectorId,
        int? readings,
        [FromServices] IGrainFactory grains,
        [FromServices] IMeterValueStore meterValues,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Check(connectorId is null or >= 0, "connectorId", "Must be 0 or above.")
            .Check(readings is null or (>= 1 and <= MaxReadings), "readings", $"Must be 1 to {MaxReadings}.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var values = await meterValues.ListByChargePointAsync(id, connectorId, readings ?? DefaultReadings, cancellationToken);
        return TypedResults.Ok(new ChargePointMeterValuesResponse(
            [.. values.Select(v => new ChargePointMeterValueResponse(
                v.ConnectorId, v.TransactionId, v.Timestamp, v.Value, v.Measurand, v.Phase, v.Unit, v.Context, v.Format, v.Location, v.Source, v.Signed))]));
    }
}

/// <summary>A charge point's latest sampled values, newest reading first.</summary>
public sealed record ChargePointMeterValuesResponse(IReadOnlyList<ChargePointMeterValueResponse> Items);

/// <summary>One stored sampled value of a charge point: where (connector or EVSE, transaction if any) and what.</summary>
public sealed record ChargePointMeterValueResponse(
    int ConnectorId,
    int? TransactionId,
    DateTimeOffset Timestamp,
    string Value,
    string? Measurand,
    string? Phase,
    string? Unit,
    string? Context,
    string? Format,
    string? Location,
    string Source,
    SignedMeterValue? SignedMeterValue);
