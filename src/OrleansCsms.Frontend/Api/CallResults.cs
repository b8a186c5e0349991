using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Turns how a call to a charge point ended into an HTTP answer: its CALLRESULT payload as-is, so the status it gave
/// (Accepted, Rejected, ...) reaches the operator untouched, or a problem saying why there is no payload.
/// </summary>
public static class CallResults
{
    public static Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult> ToHttpResult(
        this ChargePointCallResult result, string chargePointId, string action) => result.Outcome switch
        {
            CallOutcome.Completed => TypedResults.Ok(result.Payload ?? JsonSerializer.SerializeToElement(new { })),
            _ => result.ToProblem(chargePointId, action),
        };

    /// <summary>The same answer, as the result of an endpoint that may also queue the command.</summary>
    public static Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult> Widen(
        Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult> result) => result.Result switch
        {
            Ok<JsonElement> ok => ok,
            ValidationProblem invalid => invalid,
            ProblemHttpResult problem => problem,
            _ => throw new ArgumentOutOfRangeException(nameof(result), result.Result?.GetType().Name, "Unknown command result."),
        };

    /// <summary>The problem for every outcome other than a CALLRESULT.</summary>
    public static ProblemHttpResult ToProblem(this ChargePointCallResult result, string chargePointId, string action) => result.Outcome switch
    {
        CallOutcome.UnknownChargePoint => ApiProblems.UnknownChargePoint(chargePointId),
        CallOutcome.NotConnected => ApiProblems.Conflict(
            "Charge point not connected", $"'{chargePointId}' has no open connection, so {action} could not be sent."),
        CallOutcome.TimedOut => TypedResults.Problem(
            statusCode: StatusCodes.Status504GatewayTimeout,
            title: "Charge point did not answer",
            detail: $"'{chargePointId}' did not answer {action} in time."),
        CallOutcome.NotSupportedByProtocol => ApiProblems.Conflict(
            "Not available in the charge point's OCPP version", $"{action} was not sent to '{chargePointId}': {result.ErrorDescription}"),
        CallOutcome.Failed => TypedResults.Problem(
            statusCode: StatusCodes.Status502BadGateway,
            title: "Charge point answered with an error",
            detail: $"'{chargePointId}' answered {action} with {result.ErrorCode}: {result.ErrorDescription}",
            extensions: new Dictionary<string, object?>
            {
                ["errorCode"] = result.ErrorCode,
                ["errorDescription"] = result.ErrorDescription,
                ["errorDetails"] = result.ErrorDetails,
            }),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Unknown call outcome."),
    };

    /// <summary>Declares the problems a call to a charge point can end in, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesCallProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status502BadGateway)
        .ProducesProblem(StatusCodes.Status504GatewayTimeout);
}
