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
/// Charging sessions as an app or a gateway sees them: a start that answers with the transaction it caused, its state,
/// and a stop that ends the transaction for billing even when the charge point cannot be reached.
/// </summary>
public static class SessionsApi
{
    private const string Tag = "Sessions";

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/sessions").WithTags(Tag);

        group.MapPost("/", StartAsync)
            .Accepts<StartSessionRequest>("application/json")
            .Produces<SessionStartResponse>(StatusCodes.Status201Created)
            .Produces<SessionStartResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("StartSession")
            .WithSummary(
                "Sends RemoteStartTransaction and waits (Sessions:StartTimeoutSeconds, or less with ?wait=seconds) for the transaction it starts: " +
                "201 Accepted with its id, 200 Rejected, 202 Timeout, 409 when the charge point is offline.");

        group.MapGet("/{transactionId}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSession")
            .WithSummary("Returns a session by its transaction id: Active or Stopped, with its energy and how it ended.");

        group.MapDelete("/{transactionId}", StopAsync)
            .Produces<SessionStopResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("StopSession")
            .WithSummary(
                "Sends RemoteStopTransaction and waits (Sessions:StopTimeoutSeconds, or less with ?wait=seconds) for the StopTransaction; when the charge point " +
                "is offline, does not answer or refuses, the CSMS ends the transaction for billing at its last meter reading (a later StopTransaction still counts, once).");

        return endpoints;
    }

    public static async Task<Results<Created<SessionStartResponse>, Accepted<SessionStartResponse>, Ok<SessionStartResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        JsonBody<StartSessionRequest> body,
        int? wait,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<SessionsOptions> sessions,
        [FromServices] IOptions<OcppOptions> ocpp,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var maxConnectorId = ocpp.Value.MaxConnectorId;
        var errors = new ValidationErrors()
            .IdTag("idTag", request.IdTag)
            .Check(request.ConnectorId is null || (request.ConnectorId > 0 && request.ConnectorId <= maxConnectorId), "connectorId", $"Must be 1 to {maxConnectorId}, or left out to let the charge point pick.")
            .Check(wait is null or (> 0 and <= 600), "wait", "Must be 1 to 600 seconds.");
        if (ChargePointIdentity.Problem(request.ChargePointId, ocpp.Value.MaxIdentityLength) is { } idProblem)
        {
            errors.Add("chargePointId", idProblem);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var id = request.ChargePointId!;
        var timeout = TimeSpan.FromSeconds(Math.Min(wait ?? int.MaxValue, sessions.Value.StartTimeoutSeconds));
        var start = await grains.GetGrain<IChargePointGrain>(id).StartSessionAsync(new SessionStartRequest(request.IdTag!, request.ConnectorId), timeout, cancellationToken);
        var response = new SessionStartResponse(
            start.Outcome.ToString(), id, start.ConnectorId ?? request.ConnectorId, request.IdTag!, start.TransactionId, start.RemoteStartStatus, start.IdTagStatus, start.Detail);
        return start.Outcome switch
        {
            SessionStartOutcome.Accepted => TypedResults.Created(Location(start.TransactionId!.Value), response),
            SessionStartOutcome.Timeout => TypedResults.Accepted((string?)null, response),
            SessionStartOutcome.Rejected => TypedResults.Ok(response),
            SessionStartOutcome.UnknownChargePoint => ApiProblems.UnknownChargePoint(id),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Charge point not connected",
                detail: $"'{id}' has no open connection, so no session could be started.",
                extensions: new Dictionary<string, object?> { ["outcome"] = start.Outcome.ToString() }),
        };
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetAsync(string transactionId, [FromServices] IGrainFactory grains)
    {
        if (await FindAsync(grains, transactionId) is not { } transaction)
        {
            return UnknownSession(transactionId);
        }

        return TypedResults.Ok(new SessionResponse(transaction.TransactionId, transaction.Active ? "Active" : "Stopped", transaction.ToSummary()));
    }

    public static async Task<Results<Ok<SessionStopResponse>, Accepted<SessionStopResponse>, ValidationProblem, ProblemHttpResult>> StopAsync(
        string transactionId,
        int? wait,
        string? reason,
        [FromServices] IGrainFactory grains,
        [FromServices] IOptions<SessionsOptions> sessions,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors()
            .Check(wait is null or (> 0 and <= 600), "wait", "Must be 1 to 600 seconds.")
            .Length("reason", reason, 1, 500, required: false);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await FindAsync(grains, transactionId) is not { } transaction)
        {
            return UnknownSession(transactionId);
        }

        var timeout = TimeSpan.FromSeconds(Math.Min(wait ?? int.MaxValue, sessions.Value.StopTimeoutSeconds));
        var stop = await grains.GetGrain<IChargePointGrain>(transaction.ChargePointId).StopSessionAsync(
            transaction.TransactionId, reason ?? "Stopped through the sessions API.", timeout, cancellationToken);
        if (stop.Transaction is not { } stopped)
        {
            return UnknownSession(transactionId);
        }

        var response = new SessionStopResponse(stop.Outcome.ToString(), stop.RemoteStopStatus, stopped.ToSummary());
        return stop.Outcome == SessionStopOutcome.Stopping ? TypedResults.Accepted(Location(stopped.TransactionId), response) : TypedResults.Ok(response);
    }

    private static string Location(int transactionId) => string.Create(CultureInfo.InvariantCulture, $"/api/sessions/{transactionId}");

    /// <summary>The transaction a session id names; any id that is not an int32 cannot name one.</summary>
    private static async Task<TransactionState?> FindAsync(IGrainFactory grains, string transactionId) =>
        int.TryParse(transactionId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? await TransactionsApi.GetGrain(grains, id).GetAsync() : null;

    private static ProblemHttpResult UnknownSession(string transactionId) =>
        ApiProblems.NotFound("Unknown session", $"No session (transaction) '{transactionId}' is known.");
}
