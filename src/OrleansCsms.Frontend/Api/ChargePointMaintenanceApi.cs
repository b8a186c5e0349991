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
/// Operator commands of the Remote Trigger and Firmware Management profiles: TriggerMessage, GetDiagnostics and
/// UpdateFirmware. Each answers with what the charge point answered; the notifications that follow arrive over OCPP.
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
            .WithSummary("Asks the charge point to send a message now, for one connector or the whole charge point (TriggerMessage).");

        group.MapPost("/get-diagnostics", GetDiagnosticsAsync)
            .Accepts<DiagnosticsRequest>("application/json")
            .ProducesCallProblems()
            .WithName("GetDiagnostics")
            .WithSummary("Asks the charge point to upload its diagnostics to a location; the answer names the file it will upload (GetDiagnostics).");

        group.MapPost("/update-firmware", UpdateFirmwareAsync)
            .Accepts<FirmwareUpdateRequest>("application/json")
            .ProducesCallProblems()
            .WithName("UpdateFirmware")
            .WithSummary("Asks the charge point to download firmware from a location from a date on and install it (UpdateFirmware).");

        return endpoints;
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> TriggerMessageAsync(
        string id, JsonBody<TriggerRequest> body, [FromServices] IGrainFactory grains, [FromServices] IOptions<OcppOptions> ocpp, CancellationToken cancellationToken)
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
                grains, id, "TriggerMessage", new TriggerMessageCommand(request.RequestedMessage!, request.ConnectorId), cancellationToken)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> GetDiagnosticsAsync(
        string id, JsonBody<DiagnosticsRequest> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .AbsoluteUri("location", request.Location)
            .NotNegative("retries", request.Retries)
            .NotNegative("retryInterval", request.RetryInterval)
            .Check(request is not { StartTime: { } start, StopTime: { } stop } || start <= stop, "stopTime", "Must not be before startTime.");
        return errors.IsValid
            ? await ChargePointCommandsApi.SendAsync(
                grains,
                id,
                "GetDiagnostics",
                new GetDiagnosticsCommand(request.Location!, request.Retries, request.RetryInterval, request.StartTime, request.StopTime),
                cancellationToken)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> UpdateFirmwareAsync(
        string id, JsonBody<FirmwareUpdateRequest> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .AbsoluteUri("location", request.Location)
            .Check(request.RetrieveDate is not null, "retrieveDate", "Required: when the charge point may start downloading.")
            .NotNegative("retries", request.Retries)
            .NotNegative("retryInterval", request.RetryInterval);
        return errors.IsValid
            ? await ChargePointCommandsApi.SendAsync(
                grains,
                id,
                "UpdateFirmware",
                new UpdateFirmwareCommand(request.Location!, request.RetrieveDate!.Value, request.Retries, request.RetryInterval),
                cancellationToken)
            : errors.ToProblem();
    }
}
