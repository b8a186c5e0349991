using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A charge point's charging profiles (OCPP 1.6 Smart Charging, OCPP 2.0.1 block K): SetChargingProfile,
/// ClearChargingProfile and GetCompositeSchedule, phrased in the charge point's version (the connector of a 2.0.1
/// station is an EVSE). A profile is checked against the OCPP rules and the charge point's transactions before it is
/// sent, and kept once the charge point accepts it.
/// </summary>
public static class ChargingProfilesApi
{
    private const string Tag = "Smart charging";

    // Bounds the work of a computed schedule: a daily Recurring profile recurs 31 times in it.
    private const int MaxComputedDuration = 31 * 24 * 3600;

    public static IEndpointRouteBuilder MapChargingProfilesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags(Tag);

        group.MapGet("/charging-profiles", ListAsync)
            .WithName("ListChargingProfiles")
            .WithSummary("Lists the charging profiles the charge point accepted, per connector, and the TxProfiles of remote starts waiting for their transaction.");

        group.MapGet("/charging-profiles/composite", ComputeCompositeScheduleAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ComputeCompositeSchedule")
            .WithSummary(
                "Works out, from the profiles the CSMS holds, the limits a connector (0: the charge point as a whole) follows for the next " +
                "duration seconds, stacked as OCPP 1.6 does; a period without a limit has none. 409 when they mix A and W. Sends nothing.");

        group.MapGet("/charging-profiles/{chargingProfileId}", GetAsync)
            .WithName("GetChargingProfile")
            .WithSummary("Returns one charging profile the charge point accepted.");

        group.MapPost("/charging-profiles", SetAsync)
            .Accepts<SetChargingProfileBody>("application/json")
            .Produces<SetChargingProfileResponse>(StatusCodes.Status201Created)
            .ProducesCallProblems()
            .WithName("SetChargingProfile")
            .WithSummary(
                "Sends a charging profile to a connector (0: the charge point as a whole) (SetChargingProfile). Answers 201 with the stored " +
                "profile when the charge point accepts, replacing one with the same id or stack level and purpose there, and 200 with its " +
                "status (Rejected, NotSupported) when not. A TxProfile is for the transaction running on its connector (of a 2.0.1 station: EVSE, named " +
                "by the station's transaction id); a 2.0.1 station is asked even without one, and answers. ChargingStationMaxProfile is taken for " +
                "ChargePointMaxProfile; ChargingStationExternalConstraints is never set by a CSMS.");

        group.MapDelete("/charging-profiles", ClearAsync)
            .ProducesCallProblems()
            .WithName("ClearChargingProfile")
            .WithSummary(
                "Asks the charge point to clear charging profiles (ClearChargingProfile): by chargingProfileId, or those matching connectorId, " +
                "chargingProfilePurpose and stackLevel, or all of them with no criteria. On Accepted the CSMS drops those that match; on Unknown it keeps them.");

        group.MapGet("/composite-schedule", GetCompositeScheduleAsync)
            .ProducesCallProblems()
            .WithName("GetCompositeSchedule")
            .WithSummary(
                "Asks the charge point for the schedule it will follow on a connector (0: the charge point as a whole) for the next duration " +
                "seconds, optionally in a chargingRateUnit (A or W) (GetCompositeSchedule), and returns its answer as-is.");

        return endpoints;
    }

    public static async Task<Results<Ok<ChargingProfilesResponse>, ProblemHttpResult>> ListAsync(string id, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IChargingProfilesGrain>(id).GetAsync() is { } profiles
            ? TypedResults.Ok(profiles.ToResponse())
            : ApiProblems.UnknownChargePoint(id);

    public static async Task<Results<Ok<CompositeScheduleResponse>, ValidationProblem, ProblemHttpResult>> ComputeCompositeScheduleAsync(
        string id,
        int? connectorId,
        int? duration,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<OcppOptions> ocpp,
        [FromServices] TimeProvider time)
    {
        var maxConnectorId = ocpp.Value.MaxConnectorId;
        var errors = new ValidationErrors()
            .Check(connectorId >= 0 && connectorId <= maxConnectorId, "connectorId", $"Required, 0 (the whole charge point) to {maxConnectorId}.")
            .Check(duration is > 0 and <= MaxComputedDuration, "duration", $"Required, in seconds: 1 to {MaxComputedDuration} (31 days).");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is not { } chargePoint
            || await grains.GetGrain<IChargingProfilesGrain>(id).GetAsync() is not { } profiles)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        // The transaction running on the connector: its TxProfiles apply, and Relative profiles start with it.
        int? transactionId = chargePoint.OpenTransactions.TryGetValue(connectorId!.Value, out var open) ? open : null;
        var transactionStart = transactionId is { } running ? (await grains.GetGrain<ITransactionGrain>(running).GetAsync())?.StartTimestamp : null;
        var now = time.GetUtcNow();
        var periods = CompositeScheduleCalculator.Compute(profiles.Profiles, connectorId.Value, now, duration!.Value, transactionId, transactionStart);
        return periods is null
            ? ApiProblems.Conflict(
                "Profiles in A and W at once",
                $"The profiles in force on connector {connectorId} of '{id}' limit it in amperes and in watts, which cannot be combined without the supply's voltage; ask the charge point (GET …/composite-schedule).")
            : TypedResults.Ok(new CompositeScheduleResponse(
                connectorId.Value, now, duration.Value, transactionId, [.. periods.Select(p => new CompositePeriodResponse(p.StartPeriod, p.Limit, p.NumberPhases, p.ChargingRateUnit))]));
    }

    public static async Task<Results<Ok<ChargingProfileResponse>, ProblemHttpResult>> GetAsync(string id, string chargingProfileId, [FromServices] IGrainFactory grains)
    {
        if (await grains.GetGrain<IChargingProfilesGrain>(id).GetAsync() is not { } profiles)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var number = int.TryParse(chargingProfileId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        return profiles.Profiles.LastOrDefault(p => p.Profile.ChargingProfileId == number) is { } profile
            ? TypedResults.Ok(profile.ToResponse())
            : ApiProblems.NotFound("Unknown charging profile", $"'{id}' holds no charging profile '{chargingProfileId}'.");
    }

    public static async Task<Results<Created<SetChargingProfileResponse>, Ok<SetChargingProfileResponse>, ValidationProblem, ProblemHttpResult>> SetAsync(
        string id,
        JsonBody<SetChargingProfileBody> body,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<OcppOptions> ocpp,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var maxConnectorId = ocpp.Value.MaxConnectorId;
        var errors = new ValidationErrors()
            .Check(request.ConnectorId >= 0 && request.ConnectorId <= maxConnectorId, "connectorId", $"Required, 0 (the whole charge point) to {maxConnectorId}.");
        var profile = errors.ChargingProfile("chargingProfile", request.ChargingProfile);
        if (profile is not null && errors.IsValid)
        {
            errors.Add(ChargingProfileRules.Check(request.ConnectorId!.Value, profile));
        }

        // A 2.0.1 station's message is checked against its own schema when it is sent (a refusal is a 409).
        if (profile is not null && errors.IsValid && !await SpeaksV201Async(grains, id))
        {
            errors.V201OnlyFields(profile).SetChargingProfileSchema(request.ConnectorId!.Value, profile);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem("The charging profile was not sent.");
        }

        var outcome = await grains.GetGrain<IChargingProfilesGrain>(id).SetAsync(request.ConnectorId!.Value, profile!, cancellationToken);
        if (Refused(outcome) is { } refused)
        {
            return refused;
        }

        if (outcome.Call!.Outcome != CallOutcome.Completed)
        {
            return outcome.Call.ToProblem(id, "SetChargingProfile");
        }

        if (outcome.Call!.AnsweredStatus() is not { } status)
        {
            return NoStatus(id, "SetChargingProfile");
        }

        var stored = status == "Accepted"
            ? outcome.Profiles?.Profiles.LastOrDefault(p => p.Profile.ChargingProfileId == profile!.ChargingProfileId)?.ToResponse()
            : null;
        var response = new SetChargingProfileResponse(status, stored);
        return stored is null
            ? TypedResults.Ok(response)
            : TypedResults.Created(
                $"/api/charge-points/{Uri.EscapeDataString(id)}/charging-profiles/{profile!.ChargingProfileId.ToString(CultureInfo.InvariantCulture)}", response);
    }

    public static async Task<Results<Ok<ClearChargingProfileResponse>, ValidationProblem, ProblemHttpResult>> ClearAsync(
        string id,
        int? chargingProfileId,
        int? connectorId,
        string? chargingProfilePurpose,
        int? stackLevel,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<OcppOptions> ocpp,
        CancellationToken cancellationToken)
    {
        var maxConnectorId = ocpp.Value.MaxConnectorId;
        var errors = new ValidationErrors()
            .Check(chargingProfileId is null or > 0, "chargingProfileId", "Must be 1 or more.")
            .Check(connectorId is null || (connectorId >= 0 && connectorId <= maxConnectorId), "connectorId", $"Must be 0 (the whole charge point) to {maxConnectorId}.")
            .Check(
                chargingProfilePurpose is null || ChargingProfileNames.Purposes.Contains(ChargingProfileNames.Canonical(chargingProfilePurpose)),
                "chargingProfilePurpose",
                $"Must be one of: {string.Join(", ", ChargingProfileNames.Purposes)} (or {ChargingProfileNames.ChargingStationMaxProfile}).")
            .Check(stackLevel is null or >= 0, "stackLevel", "Must be 0 or more.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var criteria = new ChargingProfileCriteria(
            chargingProfileId, connectorId, chargingProfilePurpose is { } purpose ? ChargingProfileNames.Canonical(purpose) : null, stackLevel);
        var outcome = await grains.GetGrain<IChargingProfilesGrain>(id).ClearAsync(criteria, cancellationToken);
        if (Refused(outcome) is { } refused)
        {
            return refused;
        }

        if (outcome.Call!.Outcome != CallOutcome.Completed)
        {
            return outcome.Call.ToProblem(id, "ClearChargingProfile");
        }

        return outcome.Call!.AnsweredStatus() is { } status
            ? TypedResults.Ok(new ClearChargingProfileResponse(
                status, [.. (outcome.Cleared ?? []).Select(p => p.ToResponse())], [.. outcome.Profiles!.Profiles.Select(p => p.ToResponse())]))
            : NoStatus(id, "ClearChargingProfile");
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> GetCompositeScheduleAsync(
        string id,
        int? connectorId,
        int? duration,
        string? chargingRateUnit,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<OcppOptions> ocpp,
        CancellationToken cancellationToken)
    {
        var maxConnectorId = ocpp.Value.MaxConnectorId;
        var errors = new ValidationErrors()
            .Check(connectorId >= 0 && connectorId <= maxConnectorId, "connectorId", $"Required, 0 (the whole charge point) to {maxConnectorId}.")
            .Check(duration > 0, "duration", "Required, in seconds: 1 or more.")
            .Check(chargingRateUnit is null || ChargingProfileNames.RateUnits.Contains(chargingRateUnit), "chargingRateUnit", "Must be A or W.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var outcome = await grains.GetGrain<IChargingProfilesGrain>(id).GetCompositeScheduleAsync(connectorId!.Value, duration!.Value, chargingRateUnit, cancellationToken);
        if (Refused(outcome) is { } refused)
        {
            return refused;
        }

        return outcome.Call!.ToHttpResult(id, "GetCompositeSchedule");
    }

    /// <summary>Whether the charge point speaks OCPP 2.0.1, on its current connection or else its last one.</summary>
    internal static async Task<bool> SpeaksV201Async(IGrainFactory grains, string id) =>
        await grains.GetGrain<IChargePointGrain>(id).GetAsync() is { } chargePoint && (chargePoint.Session?.Protocol ?? chargePoint.Protocol) == OcppProtocols.V201;

    /// <summary>The problem when the CSMS refused to send, having checked the request against the charge point's state.</summary>
    internal static ValidationProblem? Refused(ChargingProfileCallOutcome outcome) =>
        outcome.Errors.Count > 0 ? new ValidationErrors().Add(outcome.Errors).ToProblem("The charge point's state does not allow it; nothing was sent.") : null;

    private static ProblemHttpResult NoStatus(string chargePointId, string action) => TypedResults.Problem(
        statusCode: StatusCodes.Status502BadGateway,
        title: "Charge point answered without a status",
        detail: $"'{chargePointId}' answered {action} without a status.");
}
