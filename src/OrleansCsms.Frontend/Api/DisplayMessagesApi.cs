using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Frontend.Ocpp.V201;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Display messages of OCPP 2.0.1 stations (block O): set, ask for, list and clear the messages a station shows its
/// drivers. OCPP 1.6 has none: its charge points get 409.
/// </summary>
public static class DisplayMessagesApi
{
    private const string Tag = "Display messages (OCPP 2.0.1)";
    private const int MaxIds = 100;
    private static readonly string[] Priorities = ["AlwaysFront", "InFront", "NormalCycle"];
    private static readonly string[] States = ["Charging", "Faulted", "Idle", "Unavailable"];
    private static readonly string[] Formats = ["ASCII", "HTML", "URI", "UTF8"];

    public static IEndpointRouteBuilder MapDisplayMessagesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}/display-messages")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .WithTags(Tag);

        group.MapPost("/", SetAsync)
            .Accepts<DisplayMessageBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("SetDisplayMessage")
            .WithSummary("Sets a display message on an OCPP 2.0.1 station (SetDisplayMessage); answers with the station's status and keeps the message with it.");

        group.MapGet("/", ListAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ListDisplayMessages")
            .WithSummary("Lists an OCPP 2.0.1 station's display messages: those the CSMS set, with the station's answers, and the station's own list as it last reported it.");

        group.MapPost("/query", QueryAsync)
            .Accepts<DisplayMessageQueryBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("GetDisplayMessages")
            .WithSummary("Asks an OCPP 2.0.1 station for its display messages (GetDisplayMessages), all or by ids, priority and state; the NotifyDisplayMessages parts it sends make its reported list. Answers with the requestId and status.");

        group.MapDelete("/{messageId}", ClearAsync)
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("ClearDisplayMessage")
            .WithSummary("Removes a display message from an OCPP 2.0.1 station (ClearDisplayMessage); answers with its status, Accepted or Unknown.");

        return endpoints;
    }

    public static async Task<Results<Ok<SetDisplayMessageResponse>, ValidationProblem, ProblemHttpResult>> SetAsync(
        string id, JsonBody<DisplayMessageBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = Validate(request);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await StationRefusalAsync(grains, id) is { } refusal)
        {
            return refusal;
        }

        string? stationTransactionId = null;
        if (request.TransactionId is { } transactionId)
        {
            var transaction = await grains.GetGrain<ITransactionGrain>(transactionId).GetAsync();
            stationTransactionId = transaction is not null && transaction.ChargePointId == id ? transaction.StationTransactionId : null;
            if (stationTransactionId is null)
            {
                return new ValidationErrors()
                    .Add("transactionId", string.Create(CultureInfo.InvariantCulture, $"Transaction {transactionId} is not one '{id}' started and named as an OCPP 2.0.1 station."))
                    .ToProblem();
            }
        }

        var messages = grains.GetGrain<IDisplayMessagesGrain>(id);
        var message = new DisplayMessage(
            request.Id ?? NextId(await messages.GetAsync()),
            request.Priority!,
            request.State,
            request.StartDateTime,
            request.EndDateTime,
            stationTransactionId,
            new DisplayMessageContent(request.Message!.Format!, request.Message.Language, request.Message.Content!),
            request.Display is { } display ? new DisplayComponent(display.Name!, display.Instance, display.EvseId, display.ConnectorId) : null);
        var payload = new JsonObject { ["message"] = V201DisplayMessages.ToMessageInfo(message) };
        var call = await grains.GetGrain<IChargePointGrain>(id).CallAsync("SetDisplayMessage", JsonSerializer.SerializeToElement(payload), cancellationToken: cancellationToken);
        if (call.Outcome != CallOutcome.Completed || Status(call.Payload) is not { } status)
        {
            return call.ToProblem(id, "SetDisplayMessage");
        }

        await messages.RecordSetAsync(message, status, request.TransactionId);
        return TypedResults.Ok(new SetDisplayMessageResponse(status, message, request.TransactionId));
    }

    public static async Task<Results<Ok<DisplayMessagesResponse>, ProblemHttpResult>> ListAsync(string id, [FromServices] IGrainFactory grains)
    {
        if (await StationRefusalAsync(grains, id) is { } refusal)
        {
            return refusal;
        }

        var state = await grains.GetGrain<IDisplayMessagesGrain>(id).GetAsync();
        var last = state.Reports.LastOrDefault(r => r.Complete);
        return TypedResults.Ok(new DisplayMessagesResponse(
            [.. state.Set.Values.OrderBy(m => m.Message.Id)],
            last,
            [.. state.Reports.Where(r => !r.Complete && (last is null || r.RequestedAt > last.RequestedAt))]));
    }

    public static async Task<Results<Ok<DisplayMessageQueryResponse>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        string id, JsonBody<DisplayMessageQueryBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(request.Ids is null || (request.Ids.Count <= MaxIds && request.Ids.All(i => i >= 0)), "ids", $"Give at most {MaxIds} ids, each 0 or above.")
            .Check(request.Priority is null || Priorities.Contains(request.Priority), "priority", $"Must be one of: {string.Join(", ", Priorities)}.")
            .Check(request.State is null || States.Contains(request.State), "state", $"Must be one of: {string.Join(", ", States)}.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await StationRefusalAsync(grains, id) is { } refusal)
        {
            return refusal;
        }

        // Request ids come from the counter jobs and reports use: a station's requests never share one.
        var requestId = await grains.GetGrain<IMaintenanceJobIdsGrain>(IMaintenanceJobIdsGrain.Key).NextAsync();
        var messages = grains.GetGrain<IDisplayMessagesGrain>(id);
        await messages.QueryRequestedAsync(requestId);
        var payload = new JsonObject { ["requestId"] = requestId };
        if (request.Ids is { Count: > 0 } ids)
        {
            payload["id"] = new JsonArray([.. ids.Distinct().Select(i => (JsonNode?)JsonValue.Create(i))]);
        }

        if (request.Priority is { } priority)
        {
            payload["priority"] = priority;
        }

        if (request.State is { } messageState)
        {
            payload["state"] = messageState;
        }

        var call = await grains.GetGrain<IChargePointGrain>(id).CallAsync("GetDisplayMessages", JsonSerializer.SerializeToElement(payload), cancellationToken: cancellationToken);
        if (call.Outcome != CallOutcome.Completed || Status(call.Payload) is not { } status)
        {
            return call.ToProblem(id, "GetDisplayMessages");
        }

        await messages.QueryAnsweredAsync(requestId, status);
        return TypedResults.Ok(new DisplayMessageQueryResponse(requestId, status));
    }

    public static async Task<Results<Ok<ClearDisplayMessageResponse>, ValidationProblem, ProblemHttpResult>> ClearAsync(
        string id, int messageId, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors().Check(messageId >= 0, "messageId", "Must be 0 or above.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await StationRefusalAsync(grains, id) is { } refusal)
        {
            return refusal;
        }

        var payload = JsonSerializer.SerializeToElement(new JsonObject { ["id"] = messageId });
        var call = await grains.GetGrain<IChargePointGrain>(id).CallAsync("ClearDisplayMessage", payload, cancellationToken: cancellationToken);
        if (call.Outcome != CallOutcome.Completed || Status(call.Payload) is not { } status)
        {
            return call.ToProblem(id, "ClearDisplayMessage");
        }

        await grains.GetGrain<IDisplayMessagesGrain>(id).RecordClearedAsync(messageId, status);
        return TypedResults.Ok(new ClearDisplayMessageResponse(messageId, status));
    }

    /// <summary>404 for an unknown charge point, 409 for one that speaks OCPP 1.6 (which has no display messages), else null.</summary>
    private static async Task<ProblemHttpResult?> StationRefusalAsync(IGrainFactory grains, string id) =>
        await grains.GetGrain<IChargePointGrain>(id).GetAsync() switch
        {
            null => ApiProblems.UnknownChargePoint(id),
            { Protocol: OcppProtocols.V16 } => ApiProblems.Conflict(
                "Not available in the charge point's OCPP version", $"'{id}' speaks OCPP 1.6, which has no display messages; they are OCPP 2.0.1's."),
            _ => null,
        };

    private static ValidationErrors Validate(DisplayMessageBody request)
    {
        var errors = new ValidationErrors()
            .Check(request.Id is null or >= 0, "id", "Must be 0 or above.")
            .OneOf("priority", request.Priority, Priorities)
            .Check(request.State is null || States.Contains(request.State), "state", $"Must be one of: {string.Join(", ", States)}.")
            .Check(request.StartDateTime is null || request.EndDateTime is null || request.StartDateTime < request.EndDateTime, "endDateTime", "Must be after startDateTime.")
            .Check(request.TransactionId is null or > 0, "transactionId", "Must be 1 or above.")
            .Check(request.Message is not null, "message", "Required.");
        if (request.Message is { } message)
        {
            errors.OneOf("message.format", message.Format, Formats)
                .Length("message.language", message.Language, 1, 8, required: false)
                .Length("message.content", message.Content, 1, 512);
        }

        if (request.Display is { } display)
        {
            errors.Length("display.name", display.Name, 1, 50)
                .Length("display.instance", display.Instance, 1, 50, required: false)
                .Check(display.EvseId is null or >= 0, "display.evseId", "Must be 0 or above.")
                .Check(display.ConnectorId is null || display.EvseId is not null, "display.connectorId", "Give evseId with it.")
                .Check(display.ConnectorId is null or >= 0, "display.connectorId", "Must be 0 or above.");
        }

        return errors;
    }

    /// <summary>One above every id the CSMS set or the station reported, so that an omitted id never replaces a message.</summary>
    private static int NextId(DisplayMessagesState state) =>
        state.Set.Keys.Concat(state.Reports.SelectMany(r => r.Messages).Select(m => m.Id)).DefaultIfEmpty(0).Max() + 1;

    private static string? Status(JsonElement? answer) =>
        answer is { ValueKind: JsonValueKind.Object } payload && payload.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            ? status.GetString()
            : null;
}
