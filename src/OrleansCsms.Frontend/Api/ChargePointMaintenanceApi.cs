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
/// The operator command of the Remote Trigger profile, TriggerMessage: it answers with what the charge point answered;
/// the message asked for arrives over OCPP. (Firmware, diagnostics and logs are jobs: <see cref="MaintenanceJobsApi"/>.)
/// </summary>
public static class ChargePointMaintenanceApi
{
    private const string Tag = "Charge point commands";

    public static IEndpointRouteBuilder MapChargePointMaintenanceApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .WithTags(Tag);

        group.MapPost("/trigger", TriggerMessageAsync)
            .Accepts<TriggerRequest>("application/json")
            .ProducesCallProblems()
            .WithName("TriggerMessage")
            .WithSummary("Asks the charge point to send a message now, for one connector (an EVSE of a 2.0.1 station) or the whole charge point (TriggerMessage); a message its OCPP version lacks is refused unsent.");

        return endpoints;
    }

    public static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> TriggerMessageAsync(
        string id, JsonBody<TriggerRequest> body, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, [FromServices] IOptions<OcppOptions> ocpp, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .OneOf("requestedMessage", request.RequestedMessage, CommandRules.MessageTriggers)
            .Check(
                request.ConnectorId is null || (request.ConnectorId > 0 && request.ConnectorId <= ocpp.Value.MaxConnectorId),
                "connectorId",
                $"Must be 1 to {ocpp.Value.MaxConnectorId}, or left out for the whole charge point.");
        return errors.IsValid
            ? await ChargePointCommandsApi.SendAsync(
                grains, id, "TriggerMessage", new TriggerMessageCommand(request.RequestedMessage!, request.ConnectorId), queueing, cancellationToken)
            : errors.ToProblem();
    }
}
