using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Operator commands to a connected charge point; each answers with what the charge point answered.</summary>
public static class ChargePointCommandsApi
{
    private const string Tag = "Charge point commands";

    public static IEndpointRouteBuilder MapChargePointCommandsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .WithTags(Tag);

        group.MapPost("/remote-start", RemoteStartAsync)
            .Accepts<RemoteStartRequest>("application/json")
            .ProducesCallProblems()
            .WithName("RemoteStartTransaction")
            .WithSummary("Asks the charge point to start a transaction for an id tag (RemoteStartTransaction).");

        group.MapPost("/remote-stop", RemoteStopAsync)
            .Accepts<RemoteStopRequest>("application/json")
            .ProducesCallProblems()
            .WithName("RemoteStopTransaction")
            .WithSummary("Asks the charge point to stop a transaction (RemoteStopTransaction).");

        group.MapPost("/reset", ResetAsync)
            .Accepts<ResetRequest>("application/json")
            .ProducesCallProblems()
            .WithName("ResetChargePoint")
            .WithSummary("Asks the charge point to reboot (Reset): Soft or Hard, or by their OCPP 2.0.1 names OnIdle or Immediate; an OCPP 2.0.1 station may reset one EVSE (evseId).");

        group.MapPost("/unlock", UnlockAsync)
            .Accepts<UnlockRequest>("application/json")
            .ProducesCallProblems()
            .WithName("UnlockConnector")
            .WithSummary("Asks the charge point to unlock a connector (UnlockConnector).");

        group.MapPost("/availability", ChangeAvailabilityAsync)
            .Accepts<AvailabilityRequest>("application/json")
            .ProducesCallProblems()
            .WithName("ChangeAvailability")
            .WithSummary("Makes a connector (an EVSE of a 2.0.1 station, or with evseConnectorId one of its connectors), or the whole charge point, Operative or Inoperative (ChangeAvailability).");

        group.MapGet("/configuration", GetConfigurationAsync)
            .ProducesCallProblems()
            .WithName("GetConfiguration")
            .WithSummary("Reads configuration keys from the charge point, all of them unless keys are given (GetConfiguration).");

        group.MapGet("/configuration/{key}", GetConfigurationKeyAsync)
            .ProducesCallProblems()
            .WithName("GetConfigurationKey")
            .WithSummary("Reads one configuration key from the charge point: its value and whether it is read-only.");

        group.MapPut("/configuration/{key}", ChangeConfigurationAsync)
            .Accepts<ChangeConfigurationRequest>("application/json")
            .ProducesCallProblems()
            .WithName("ChangeConfiguration")
            .WithSummary("Changes one configuration key on the charge point (ChangeConfiguration).");

        group.MapPost("/clear-cache", ClearCacheAsync)
            .ProducesCallProblems()
            .WithName("ClearCache")
            .WithSummary("Asks the charge point to clear its authorization cache (ClearCache).");

        group.MapPost("/data-transfer", DataTransferAsync)
            .Accepts<SendDataTransferRequest>("application/json")
            .ProducesCallProblems()
            .WithName("DataTransfer")
            .WithSummary("Sends a vendor-specific message to the charge point (DataTransfer).");

        group.MapPost("/calls/{action}", CallAsync)
            .Accepts<JsonObject>("application/json")
            .ProducesCallProblems()
            .WithName("CallChargePoint")
            .WithSummary("Sends any OCPP call with the body as its payload and returns the charge point's CALLRESULT payload as-is.");

        return endpoints;
    }

    public static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> RemoteStartAsync(
        string id, JsonBody<RemoteStartRequest> body, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, [FromServices] IOptions<OcppOptions> ocpp, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        // OCPP 1.6 leaves connector 0 out of RemoteStartTransaction: a transaction runs on a real connector.
        var errors = new ValidationErrors()
            .IdTag("idTag", request.IdTag)
            .Check(request.ConnectorId is null || (request.ConnectorId > 0 && request.ConnectorId <= ocpp.Value.MaxConnectorId), "connectorId", $"Must be 1 to {ocpp.Value.MaxConnectorId}, or left out to let the charge point pick.");
        if (request.ChargingProfile is null)
        {
            return errors.IsValid
                ? await SendAsync(grains, id, "RemoteStartTransaction", new RemoteStartCommand(request.IdTag!, request.ConnectorId), queueing, cancellationToken)
                : errors.ToProblem();
        }

        var profile = errors.RemoteStartProfile(request);
        errors.Check(queueing.Queue != true, "queue", "A remote start with a charging profile cannot be queued.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var outcome = await grains.GetGrain<IChargingProfilesGrain>(id).RemoteStartAsync(new RemoteStartCommand(request.IdTag!, request.ConnectorId, profile), cancellationToken);
        return ChargingProfilesApi.Refused(outcome) is { } refused ? refused : CallResults.Widen(outcome.Call!.ToHttpResult(id, "RemoteStartTransaction"));
    }

    public static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> RemoteStopAsync(
        string id, JsonBody<RemoteStopRequest> body, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().Check(request.TransactionId is not null, "transactionId", "Required.");
        return errors.IsValid
            ? await SendAsync(grains, id, "RemoteStopTransaction", new RemoteStopCommand(request.TransactionId!.Value), queueing, cancellationToken)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> ResetAsync(
        string id, JsonBody<ResetRequest> body, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .OneOf("type", request.Type, CommandRules.ResetTypes)
            .Check(request.EvseId is null or > 0, "evseId", "Must be 1 or above (an EVSE of an OCPP 2.0.1 station), or left out for the whole charge point.");
        return errors.IsValid ? await SendAsync(grains, id, "Reset", new ResetCommand(request.Type!, request.EvseId), queueing, cancellationToken) : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> UnlockAsync(
        string id, JsonBody<UnlockRequest> body, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, [FromServices] IOptions<OcppOptions> ocpp, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().Check(
            request.ConnectorId > 0 && request.ConnectorId <= ocpp.Value.MaxConnectorId, "connectorId", $"Required, 1 to {ocpp.Value.MaxConnectorId}.");
        return errors.IsValid
            ? await SendAsync(grains, id, "UnlockConnector", new UnlockConnectorCommand(request.ConnectorId!.Value), queueing, cancellationToken)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> ChangeAvailabilityAsync(
        string id, JsonBody<AvailabilityRequest> body, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, [FromServices] IOptions<OcppOptions> ocpp, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(
                request.ConnectorId >= 0 && request.ConnectorId <= ocpp.Value.MaxConnectorId,
                "connectorId",
                $"Required, 0 (the whole charge point) to {ocpp.Value.MaxConnectorId}.")
            .OneOf("type", request.Type, CommandRules.AvailabilityTypes)
            .Check(request.EvseConnectorId is null || (request.EvseConnectorId > 0 && request.ConnectorId > 0), "evseConnectorId", "Must be 1 or above, with connectorId naming its EVSE (an OCPP 2.0.1 station).");
        return errors.IsValid
            ? await SendAsync(grains, id, "ChangeAvailability", new ChangeAvailabilityCommand(request.ConnectorId!.Value, request.Type!, request.EvseConnectorId), queueing, cancellationToken)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> GetConfigurationAsync(
        string id, [FromQuery(Name = "key")] string[]? keys, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        foreach (var key in keys ?? [])
        {
            errors.ConfigurationKey("key", key);
        }

        return errors.IsValid
            ? await SendAsync(grains, id, "GetConfiguration", new GetConfigurationCommand(keys is { Length: > 0 } ? keys : null), cancellationToken)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> GetConfigurationKeyAsync(
        string id, string key, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().ConfigurationKey("key", key);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetGrain<IChargePointGrain>(id).CommandAsync(new GetConfigurationCommand([key]), cancellationToken: cancellationToken);
        if (result.Outcome != CallOutcome.Completed)
        {
            return result.ToProblem(id, "GetConfiguration");
        }

        return ConfigurationEntry(result.Payload, key) is { } entry
            ? TypedResults.Ok(entry)
            : ApiProblems.NotFound("Unknown configuration key", $"'{id}' does not know the configuration key '{key}'.");
    }

    public static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> ChangeConfigurationAsync(
        string id, string key, JsonBody<ChangeConfigurationRequest> body, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .ConfigurationKey("key", key)
            .Length("value", request.Value, 0, CommandRules.MaxConfigurationValueLength);
        return errors.IsValid
            ? await SendAsync(grains, id, "ChangeConfiguration", new ChangeConfigurationCommand(key, request.Value!), queueing, cancellationToken)
            : errors.ToProblem();
    }

    public static Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> ClearCacheAsync(
        string id, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, CancellationToken cancellationToken) =>
        SendAsync(grains, id, "ClearCache", new ClearCacheCommand(), queueing, cancellationToken);

    public static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> DataTransferAsync(
        string id, JsonBody<SendDataTransferRequest> body, [AsParameters] CommandQueueing queueing, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Length("vendorId", request.VendorId, 1, CommandRules.MaxVendorIdLength)
            .Length("messageId", request.MessageId, 1, CommandRules.MaxMessageIdLength, required: false);
        return errors.IsValid
            ? await SendAsync(grains, id, "DataTransfer", new DataTransferCommand(request.VendorId!, request.MessageId, request.Data), queueing, cancellationToken)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> CallAsync(
        string id, string action, JsonBody<JsonNode> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } payload)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Action("action", action)
            .Check(payload is JsonObject, "$", "The OCPP payload must be a JSON object.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await grains.GetGrain<IChargePointGrain>(id).CallAsync(action, JsonSerializer.SerializeToElement(payload), cancellationToken: cancellationToken);
        return result.ToHttpResult(id, action);
    }

    /// <summary>Sends a command to the charge point and answers with what it answered.</summary>
    internal static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> SendAsync(
        IGrainFactory grains, string id, string action, ChargePointCommand command, CancellationToken cancellationToken)
    {
        // Waits as long as the charge point may take; an operator who gives up cancels the call.
        var result = await grains.GetGrain<IChargePointGrain>(id).CommandAsync(command, cancellationToken: cancellationToken);
        return result.ToHttpResult(id, action);
    }

    /// <summary>
    /// Sends a command to the charge point and answers with what it answered; when it is offline and the request asks
    /// for it, queues the command instead (202).
    /// </summary>
    internal static async Task<Results<Ok<JsonElement>, Accepted<QueuedCommandResponse>, ValidationProblem, ProblemHttpResult>> SendAsync(
        IGrainFactory grains, string id, string action, ChargePointCommand command, CommandQueueing queueing, CancellationToken cancellationToken)
    {
        var errors = queueing.Validate(new ValidationErrors());
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var chargePoint = grains.GetGrain<IChargePointGrain>(id);
        var result = await chargePoint.CommandAsync(command, cancellationToken: cancellationToken);
        return result.Outcome == CallOutcome.NotConnected && queueing.Queue == true
            ? await queueing.QueueAsync(chargePoint, id, command)
            : CallResults.Widen(result.ToHttpResult(id, action));
    }

    /// <summary>Finds a key's entry in a GetConfiguration answer; null when the charge point listed it as unknown.</summary>
    private static JsonElement? ConfigurationEntry(JsonElement? payload, string key)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } answer
            || !answer.TryGetProperty("configurationKey", out var entries)
            || entries.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        // Keys are CiString50 in OCPP 1.6: case-insensitive.
        return entries.EnumerateArray().Cast<JsonElement?>().FirstOrDefault(e =>
            e!.Value.ValueKind == JsonValueKind.Object
            && e.Value.TryGetProperty("key", out var name)
            && string.Equals(name.GetString(), key, StringComparison.OrdinalIgnoreCase));
    }
}
