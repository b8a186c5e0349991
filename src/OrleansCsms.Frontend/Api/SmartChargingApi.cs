using System.Globalization;
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
/// OCPP 2.0.1 smart charging beyond the profiles the CSMS sets: asking a station for the profiles it holds
/// (GetChargingProfiles, answered by ReportChargingProfiles), the limits set outside the CSMS, and the charging needs of
/// ISO 15118 EVs with the schedules negotiated for them.
/// </summary>
public static class SmartChargingApi
{
    private const string Tag = "Smart charging";

    // A criterion list longer than this asks for more than a station holds.
    private const int MaxListed = 100;

    public static IEndpointRouteBuilder MapSmartChargingApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags(Tag);

        group.MapPost("/charging-profile-reports", RequestReportAsync)
            .Accepts<GetChargingProfilesBody>("application/json")
            .Produces<ChargingProfilesReportResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("GetChargingProfiles")
            .WithSummary(
                "Asks an OCPP 2.0.1 station for the charging profiles it holds (GetChargingProfiles) on an EVSE (0: the station; left out: all) matching " +
                "the criteria given. 202 with the report's requestId when Accepted: the ReportChargingProfiles parts that follow fill the report. " +
                "200 with status NoProfiles when none match. 409 for an OCPP 1.6 charge point.");

        group.MapGet("/charging-profile-reports", ListReportsAsync)
            .WithName("ListChargingProfileReports")
            .WithSummary("Lists the reports of an OCPP 2.0.1 station's charging profiles (its answers to GetChargingProfiles, and reports it sent unasked), newest first.");

        group.MapGet("/charging-profile-reports/{requestId}", GetReportAsync)
            .WithName("GetChargingProfileReport")
            .WithSummary("Returns one report of a station's charging profiles by its requestId: the parts received so far and whether it is complete.");

        group.MapGet("/charging-limits", ListLimitsAsync)
            .WithName("ListExternalChargingLimits")
            .WithSummary(
                "Lists the limits an OCPP 2.0.1 station reported as set outside the CSMS (NotifyChargingLimit: by an energy management system, a " +
                "system operator or another), per source and EVSE, and those since released (ClearedChargingLimit).");

        group.MapGet("/ev-charging-needs", ListNeedsAsync)
            .WithName("ListEvChargingNeeds")
            .WithSummary(
                "Lists, per EVSE of an OCPP 2.0.1 station, the charging needs its ISO 15118 EV sent (NotifyEVChargingNeeds) and the answer, the TxProfile " +
                "the CSMS sent for them under SmartCharging:EvChargingNeedsPolicy, and the EV's schedule (NotifyEVChargingSchedule) with the CSMS's verdict.");

        return endpoints;
    }

    public static async Task<Results<Accepted<ChargingProfilesReportResponse>, Ok<ChargingProfilesReportResponse>, ValidationProblem, ProblemHttpResult>> RequestReportAsync(
        string id,
        JsonBody<GetChargingProfilesBody> body,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<OcppOptions> ocpp,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var maxEvseId = ocpp.Value.MaxConnectorId;
        var purpose = request.ChargingProfilePurpose is { } named ? ChargingProfileNames.Canonical(named) : null;
        var errors = new ValidationErrors()
            .Check(request.EvseId is null || (request.EvseId >= 0 && request.EvseId <= maxEvseId), "evseId", $"Must be 0 (the whole station) to {maxEvseId}, or left out for every EVSE.")
            .Check(
                purpose is null || ChargingProfileNames.Purposes.Contains(purpose) || purpose == ChargingProfileNames.ChargingStationExternalConstraints,
                "chargingProfilePurpose",
                $"Must be one of: {ChargingProfileNames.ChargingStationMaxProfile}, {ChargingProfileNames.TxDefaultProfile}, {ChargingProfileNames.TxProfile}, {ChargingProfileNames.ChargingStationExternalConstraints}.")
            .Check(request.StackLevel is null or >= 0, "stackLevel", "Must be 0 or more.")
            .Check(request.ChargingProfileId is null || (request.ChargingProfileId.Count is > 0 and <= MaxListed && request.ChargingProfileId.All(i => i > 0)), "chargingProfileId", $"1 to {MaxListed} profile ids, each 1 or more.")
            .Check(
                request.ChargingLimitSource is null || (request.ChargingLimitSource.Count is > 0 and <= 4 && request.ChargingLimitSource.All(ChargingProfileNames.LimitSources.Contains)),
                "chargingLimitSource",
                $"1 to 4 of: {string.Join(", ", ChargingProfileNames.LimitSources)}.");
        if (!errors.IsValid)
        {
            return errors.ToProblem("The request was not sent.");
        }

        var query = new ChargingProfileQuery(request.EvseId, purpose, request.StackLevel, request.ChargingProfileId, request.ChargingLimitSource);
        var outcome = await grains.GetGrain<IChargingProfilesGrain>(id).RequestReportAsync(query, cancellationToken);
        if (ChargingProfilesApi.Refused(outcome) is { } refused)
        {
            return refused;
        }

        if (outcome.Call!.Outcome != CallOutcome.Completed || outcome.Call.AnsweredStatus() is null)
        {
            return outcome.Call.Outcome != CallOutcome.Completed
                ? outcome.Call.ToProblem(id, "GetChargingProfiles")
                : TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Charge point answered without a status", detail: $"'{id}' answered GetChargingProfiles without a status.");
        }

        var reports = await grains.GetGrain<IChargingProfilesGrain>(id).GetReportsAsync() ?? [];
        var report = reports.Last(r => r.RequestId == outcome.RequestId).ToResponse();
        return report.Status == "Accepted"
            ? TypedResults.Accepted($"/api/charge-points/{Uri.EscapeDataString(id)}/charging-profile-reports/{report.RequestId.ToString(CultureInfo.InvariantCulture)}", report)
            : TypedResults.Ok(report);
    }

    public static async Task<Results<Ok<IReadOnlyList<ChargingProfilesReportResponse>>, ProblemHttpResult>> ListReportsAsync(string id, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IChargingProfilesGrain>(id).GetReportsAsync() is { } reports
            ? TypedResults.Ok<IReadOnlyList<ChargingProfilesReportResponse>>([.. reports.Reverse().Select(r => r.ToResponse())])
            : ApiProblems.UnknownChargePoint(id);

    public static async Task<Results<Ok<ChargingProfilesReportResponse>, ProblemHttpResult>> GetReportAsync(string id, string requestId, [FromServices] IGrainFactory grains)
    {
        if (await grains.GetGrain<IChargingProfilesGrain>(id).GetReportsAsync() is not { } reports)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var number = int.TryParse(requestId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        return reports.LastOrDefault(r => r.RequestId == number) is { } report
            ? TypedResults.Ok(report.ToResponse())
            : ApiProblems.NotFound("Unknown charging profile report", $"'{id}' holds no charging profile report '{requestId}'.");
    }

    public static async Task<Results<Ok<ExternalChargingLimitsResponse>, ProblemHttpResult>> ListLimitsAsync(string id, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IChargingProfilesGrain>(id).GetSmartChargingAsync() is { } view
            ? TypedResults.Ok(new ExternalChargingLimitsResponse(view.ChargePointId, [.. view.Limits.Select(l => l.ToResponse())]))
            : ApiProblems.UnknownChargePoint(id);

    public static async Task<Results<Ok<EvChargingNeedsResponse>, ProblemHttpResult>> ListNeedsAsync(string id, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IChargingProfilesGrain>(id).GetSmartChargingAsync() is { } view
            ? TypedResults.Ok(new EvChargingNeedsResponse(view.ChargePointId, [.. view.Negotiations.Select(n => n.ToResponse())]))
            : ApiProblems.UnknownChargePoint(id);
}
