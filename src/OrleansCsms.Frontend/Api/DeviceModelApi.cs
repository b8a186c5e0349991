using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// The device model of OCPP 2.0.1 stations: what their reports and events told, reading and setting variables
/// (within each station's per-message limits), asking for base reports, and asking about a transaction's status.
/// </summary>
public static class DeviceModelApi
{
    private const string Tag = "Device model (OCPP 2.0.1)";
    private const int MaxItems = 1_000;
    private static readonly string[] AttributeTypes = ["Actual", "Target", "MinSet", "MaxSet"];
    private static readonly string[] ReportBases = ["ConfigurationInventory", "FullInventory", "SummaryInventory"];
    private static readonly string[] ComponentCriteria = ["Active", "Available", "Enabled", "Problem"];

    public static IEndpointRouteBuilder MapDeviceModelApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .WithTags(Tag);

        group.MapGet("/device-model", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetDeviceModel")
            .WithSummary("Returns the components and variables an OCPP 2.0.1 station reported (NotifyReport, NotifyEvent, Get/SetVariables), optionally of one component, and the progress of its reports.");

        group.MapGet("/device-model/events", ListEventsAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListStationEvents")
            .WithSummary("Lists the events an OCPP 2.0.1 station notified (NotifyEvent), newest first; the most recent Ocpp:StationEventsKept are kept.");

        group.MapPost("/variables/get", GetVariablesAsync)
            .Accepts<GetVariablesBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("GetVariables")
            .WithSummary("Reads variables of an OCPP 2.0.1 station (GetVariables), split into as many messages as its ItemsPerMessage and BytesPerMessage require; accepted values are kept in its device model.");

        group.MapPost("/variables/set", SetVariablesAsync)
            .Accepts<SetVariablesBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("SetVariables")
            .WithSummary("Sets variables of an OCPP 2.0.1 station (SetVariables), split like GetVariables; accepted values are kept in its device model.");

        group.MapPost("/reports", RequestBaseReportAsync)
            .Accepts<BaseReportBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("RequestBaseReport")
            .WithSummary("Asks an OCPP 2.0.1 station for a base report (GetBaseReport); the NotifyReport parts it then sends fill its device model. Answers with the requestId.");

        group.MapPost("/reports/custom", RequestCustomReportAsync)
            .Accepts<CustomReportBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("RequestCustomReport")
            .WithSummary("Asks an OCPP 2.0.1 station for a report of the components in some states and/or of named components and variables (GetReport); its NotifyReport parts fill the device model. Answers with the requestId and the station's status (EmptyResultSet when nothing matches).");

        group.MapPost("/transaction-status", GetTransactionStatusAsync)
            .Accepts<TransactionStatusBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("GetTransactionStatus")
            .WithSummary("Asks an OCPP 2.0.1 station whether a transaction (by its CSMS id) is still ongoing and whether it holds messages for it, or for any transaction when none is given (GetTransactionStatus).");

        return endpoints;
    }

    public static async Task<Results<Ok<DeviceModelResponse>, ProblemHttpResult>> GetAsync(string id, string? component, [FromServices] IGrainFactory grains)
    {
        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var model = await grains.GetGrain<IDeviceModelGrain>(id).GetAsync();
        return TypedResults.Ok(new DeviceModelResponse(
            [.. model.Variables.Values.Where(v => component is null || v.Component.Name == component).OrderBy(v => v.Key, StringComparer.Ordinal)],
            [.. model.Reports.Values],
            model.Events.Count,
            model.EventsDropped));
    }

    public static async Task<Results<Ok<StationEventsResponse>, ValidationProblem, ProblemHttpResult>> ListEventsAsync(
        string id, int? page, int? pageSize, [FromServices] IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Resolve(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var model = await grains.GetGrain<IDeviceModelGrain>(id).GetAsync();
        var newestFirst = Enumerable.Reverse(model.Events);
        return TypedResults.Ok(new StationEventsResponse(
            [.. newestFirst.Skip((pageNumber - 1) * size).Take(size)], model.Events.Count, pageNumber, size, model.EventsDropped));
    }

    public static async Task<Results<Ok<VariablesResponse>, ValidationProblem, ProblemHttpResult>> GetVariablesAsync(
        string id, JsonBody<GetVariablesBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = ValidateItems(request.Items);
        for (var i = 0; i < (request.Items?.Count ?? 0); i++)
        {
            var item = request.Items![i];
            ValidateVariable(errors, $"items[{i}]", item.Component, item.Variable, item.AttributeType);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var items = request.Items!.Select(i => WithAttribute(Reference(i.Component!, i.Variable!), i.AttributeType)).ToList();
        var result = await StationVariables.SendAsync(grains, id, "GetVariables", "getVariableData", "getVariableResult", items, cancellationToken);
        if (result.Result is Ok<VariablesResponse> { Value: { } answered })
        {
            await RecordAsync(grains, id, answered.Results.Where(r => Text(r, "attributeStatus") == "Accepted").Select(r => (r, Text(r, "attributeValue"))));
        }

        return result;
    }

    public static async Task<Results<Ok<VariablesResponse>, ValidationProblem, ProblemHttpResult>> SetVariablesAsync(
        string id, JsonBody<SetVariablesBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = ValidateItems(request.Items);
        for (var i = 0; i < (request.Items?.Count ?? 0); i++)
        {
            var item = request.Items![i];
            ValidateVariable(errors, $"items[{i}]", item.Component, item.Variable, item.AttributeType);
            errors.Length($"items[{i}].attributeValue", item.AttributeValue, 0, 1000);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var items = request.Items!.Select(i =>
        {
            var data = WithAttribute(Reference(i.Component!, i.Variable!), i.AttributeType);
            data["attributeValue"] = i.AttributeValue;
            return data;
        }).ToList();
        var result = await StationVariables.SendAsync(grains, id, "SetVariables", "setVariableData", "setVariableResult", items, cancellationToken);
        if (result.Result is Ok<VariablesResponse> { Value: { } answered })
        {
            // The answer repeats component and variable but not the value: each result is matched to what was asked, in order.
            var accepted = answered.Results.Zip(request.Items!)
                .Where(pair => Text(pair.First, "attributeStatus") is "Accepted" or "RebootRequired")
                .Select(pair => (pair.First, pair.Second.AttributeValue));
            await RecordAsync(grains, id, accepted);
        }

        return result;
    }

    public static async Task<Results<Ok<ReportRequestResponse>, ValidationProblem, ProblemHttpResult>> RequestBaseReportAsync(
        string id, JsonBody<BaseReportBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().Check(request.ReportBase is not null && ReportBases.Contains(request.ReportBase), "reportBase", $"Must be one of {string.Join(", ", ReportBases)}.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return await RequestReportAsync(grains, id, "GetBaseReport", request.ReportBase!, new JsonObject { ["reportBase"] = request.ReportBase }, cancellationToken);
    }

    public static async Task<Results<Ok<ReportRequestResponse>, ValidationProblem, ProblemHttpResult>> RequestCustomReportAsync(
        string id, JsonBody<CustomReportBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(request.ComponentCriteria is { Count: > 0 } || request.ComponentVariables is { Count: > 0 }, "componentCriteria", "Give componentCriteria, componentVariables or both.")
            .Check(request.ComponentCriteria is null || (request.ComponentCriteria.Count <= ComponentCriteria.Length && request.ComponentCriteria.All(ComponentCriteria.Contains)),
                "componentCriteria", $"Each must be one of {string.Join(", ", ComponentCriteria)}, at most once each.")
            .Check(request.ComponentVariables is null || request.ComponentVariables.Count <= MaxItems, "componentVariables", $"Give at most {MaxItems}.");
        for (var i = 0; i < (request.ComponentVariables?.Count ?? 0); i++)
        {
            var item = request.ComponentVariables![i];
            ValidateVariable(errors, $"componentVariables[{i}]", item.Component, item.Variable ?? new VariableBody("-"), null);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var payload = new JsonObject();
        if (request.ComponentCriteria is { Count: > 0 } criteria)
        {
            payload["componentCriteria"] = new JsonArray([.. criteria.Distinct().Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        if (request.ComponentVariables is { Count: > 0 } variables)
        {
            payload["componentVariable"] = new JsonArray([.. variables.Select(v => (JsonNode?)ComponentVariable(v))]);
        }

        return await RequestReportAsync(grains, id, "GetReport", "Custom", payload, cancellationToken);
    }

    /// <summary>Gives the report a requestId, records that it was asked for (so its parts find it), then asks the station.</summary>
    internal static async Task<Results<Ok<ReportRequestResponse>, ValidationProblem, ProblemHttpResult>> RequestReportAsync(
        IGrainFactory grains, string id, string action, string kind, JsonObject payload, CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        // Request ids come from the counter jobs use: a station's reports and jobs never share one.
        var requestId = await grains.GetGrain<IMaintenanceJobIdsGrain>(IMaintenanceJobIdsGrain.Key).NextAsync();
        await grains.GetGrain<IDeviceModelGrain>(id).ReportRequestedAsync(requestId, kind);
        payload["requestId"] = requestId;
        var call = await grains.GetGrain<IChargePointGrain>(id).CallAsync(action, JsonSerializer.SerializeToElement(payload), cancellationToken: cancellationToken);
        return call.Outcome == CallOutcome.Completed && call.Payload is { } answer
            ? TypedResults.Ok(new ReportRequestResponse(requestId, Text(answer, "status") ?? "Unknown", answer))
            : call.ToProblem(id, action);
    }

    internal static JsonObject ComponentVariable(ComponentVariableItem item)
    {
        var reference = Reference(item.Component!, item.Variable ?? new VariableBody(null));
        if (item.Variable is null)
        {
            reference.Remove("variable");
        }

        return reference;
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> GetTransactionStatusAsync(
        string id, JsonBody<TransactionStatusBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var payload = new JsonObject();
        if (request.TransactionId is { } transactionId)
        {
            var transaction = await grains.GetGrain<ITransactionGrain>(transactionId).GetAsync();
            if (transaction is null || transaction.ChargePointId != id || transaction.StationTransactionId is not { } stationTransactionId)
            {
                return new ValidationErrors()
                    .Add("transactionId", string.Create(CultureInfo.InvariantCulture, $"Transaction {transactionId} is not one '{id}' started and named as an OCPP 2.0.1 station."))
                    .ToProblem();
            }

            payload["transactionId"] = stationTransactionId;
        }

        var call = await grains.GetGrain<IChargePointGrain>(id).CallAsync("GetTransactionStatus", JsonSerializer.SerializeToElement(payload), cancellationToken: cancellationToken);
        return call.ToHttpResult(id, "GetTransactionStatus");
    }

    private static ValidationErrors ValidateItems<T>(IReadOnlyList<T>? items) => new ValidationErrors()
        .Check(items is { Count: > 0 and <= MaxItems }, "items", $"Give 1 to {MaxItems} variables.");

    internal static void ValidateVariable(ValidationErrors errors, string field, ComponentBody? component, VariableBody? variable, string? attributeType)
    {
        errors.Check(component is not null, $"{field}.component", "Required.");
        errors.Check(variable is not null, $"{field}.variable", "Required.");
        if (component is not null)
        {
            errors.Length($"{field}.component.name", component.Name, 1, 50)
                .Length($"{field}.component.instance", component.Instance, 1, 50, required: false)
                .Check(component.Evse is null || component.Evse.Id is >= 0, $"{field}.component.evse.id", "Required, 0 or above.")
                .Check(component.Evse?.ConnectorId is null or >= 0, $"{field}.component.evse.connectorId", "Must be 0 or above.");
        }

        if (variable is not null)
        {
            errors.Length($"{field}.variable.name", variable.Name, 1, 50)
                .Length($"{field}.variable.instance", variable.Instance, 1, 50, required: false);
        }

        errors.Check(attributeType is null || AttributeTypes.Contains(attributeType), $"{field}.attributeType", $"Must be one of {string.Join(", ", AttributeTypes)}.");
    }

    internal static JsonObject Reference(ComponentBody component, VariableBody variable)
    {
        var componentNode = new JsonObject { ["name"] = component.Name };
        if (component.Instance is { } instance)
        {
            componentNode["instance"] = instance;
        }

        if (component.Evse is { Id: { } evseId } evse)
        {
            componentNode["evse"] = evse.ConnectorId is { } connectorId ? new JsonObject { ["id"] = evseId, ["connectorId"] = connectorId } : new JsonObject { ["id"] = evseId };
        }

        var variableNode = new JsonObject { ["name"] = variable.Name };
        if (variable.Instance is { } variableInstance)
        {
            variableNode["instance"] = variableInstance;
        }

        return new JsonObject { ["component"] = componentNode, ["variable"] = variableNode };
    }

    private static JsonObject WithAttribute(JsonObject data, string? attributeType)
    {
        if (attributeType is not null)
        {
            data["attributeType"] = attributeType;
        }

        return data;
    }

    /// <summary>Keeps confirmed values (from results that name their component and variable) in the station's device model.</summary>
    internal static async Task RecordAsync(IGrainFactory grains, string id, IEnumerable<(JsonElement Result, string? Value)> confirmed)
    {
        var now = DateTimeOffset.UtcNow;
        var values = confirmed.Select(c => new ReportedVariable(
            ComponentOf(c.Result.GetProperty("component")),
            new VariableReference(c.Result.GetProperty("variable").GetProperty("name").GetString()!, Text(c.Result.GetProperty("variable"), "instance")),
            [new VariableAttributeValue(Text(c.Result, "attributeType") ?? "Actual", c.Value)],
            null,
            now)).ToList();
        if (values.Count > 0)
        {
            await grains.GetGrain<IDeviceModelGrain>(id).RecordValuesAsync(values);
        }
    }

    internal static ComponentReference ComponentOf(JsonElement component) => new(
        component.GetProperty("name").GetString()!,
        Text(component, "instance"),
        component.TryGetProperty("evse", out var evse) ? evse.GetProperty("id").GetInt32() : null,
        component.TryGetProperty("evse", out var e) && e.TryGetProperty("connectorId", out var connector) ? connector.GetInt32() : null);

    internal static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
