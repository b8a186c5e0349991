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
/// Monitoring of OCPP 2.0.1 stations (N02-N06): which monitors are active and at what severity, setting and clearing
/// monitors within the station's per-message limits, and monitoring reports, all kept in its device model.
/// </summary>
public static class MonitoringApi
{
    private const string Tag = "Monitoring (OCPP 2.0.1)";

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}/monitoring")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .WithTags(Tag);

        group.MapGet("", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetMonitoring")
            .WithSummary("Returns the monitors an OCPP 2.0.1 station has as far as the CSMS knows (set by it or reported), the monitoring base and level it accepted, the latest results of setting monitors, and its monitoring reports.");

        group.MapPost("/base", SetBaseAsync)
            .Accepts<MonitoringBaseBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("SetMonitoringBase")
            .WithSummary("Makes an OCPP 2.0.1 station activate All its preconfigured monitors, its FactoryDefault ones, or only HardWiredOnly ones (SetMonitoringBase); the last two remove the monitors the CSMS set. Answers with the station's answer.");

        group.MapPost("/level", SetLevelAsync)
            .Accepts<MonitoringLevelBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("SetMonitoringLevel")
            .WithSummary("Makes an OCPP 2.0.1 station report only events of a severity from 0 (danger) up to the one given, at most 9 (SetMonitoringLevel). Answers with the station's answer; an accepted level is kept.");

        group.MapPost("/monitors", SetMonitorsAsync)
            .Accepts<SetMonitorsBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("SetVariableMonitoring")
            .WithSummary("Sets monitors on variables of an OCPP 2.0.1 station (SetVariableMonitoring), split into as many messages as its MonitoringCtrlr ItemsPerMessage and BytesPerMessage require (read with GetVariables when unknown); every result is kept, accepted monitors join the device model.");

        group.MapPost("/monitors/clear", ClearMonitorsAsync)
            .Accepts<ClearMonitorsBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("ClearVariableMonitoring")
            .WithSummary("Clears monitors of an OCPP 2.0.1 station by id (ClearVariableMonitoring), split like setting them; monitors cleared or unknown to the station leave the device model.");

        group.MapPost("/reports", RequestReportAsync)
            .Accepts<MonitoringReportBody>("application/json")
            .ProducesValidationProblem()
            .ProducesCallProblems()
            .WithName("RequestMonitoringReport")
            .WithSummary("Asks an OCPP 2.0.1 station for its monitors, of some kinds and/or on named components and variables, or all of them (GetMonitoringReport); its NotifyMonitoringReport parts fill the device model. Answers with the requestId and the station's status.");

        return endpoints;
    }

    public static async Task<Results<Ok<MonitoringResponse>, ProblemHttpResult>> GetAsync(string id, [FromServices] IGrainFactory grains)
    {
        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var model = await grains.GetGrain<IDeviceModelGrain>(id).GetAsync();
        return TypedResults.Ok(new MonitoringResponse(
            [.. model.Monitors.Values],
            model.MonitoringBase,
            model.MonitoringLevel,
            model.MonitoringChangedAt,
            model.MonitorResults,
            [.. model.Reports.Values.Where(r => r.Kind == ReportKinds.Monitoring)]));
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> SetBaseAsync(
        string id, JsonBody<MonitoringBaseBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().OneOf("monitoringBase", request.MonitoringBase, MonitoringRules.MonitoringBases);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await V201StationCheck.RefusalAsync(grains, id, "SetMonitoringBase") is { } refusal)
        {
            return refusal;
        }

        var call = await grains.GetGrain<IChargePointGrain>(id)
            .CallAsync("SetMonitoringBase", JsonSerializer.SerializeToElement(new { monitoringBase = request.MonitoringBase }), cancellationToken: cancellationToken);
        if (call.Outcome == CallOutcome.Completed && call.AnsweredStatus() == "Accepted")
        {
            await grains.GetGrain<IDeviceModelGrain>(id).MonitoringBaseSetAsync(request.MonitoringBase!);
        }

        return call.ToHttpResult(id, "SetMonitoringBase");
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> SetLevelAsync(
        string id, JsonBody<MonitoringLevelBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(request.Severity is >= 0 and <= MonitoringRules.MaxSeverity, "severity", $"Required, 0 (danger) to {MonitoringRules.MaxSeverity} (debug).");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await V201StationCheck.RefusalAsync(grains, id, "SetMonitoringLevel") is { } refusal)
        {
            return refusal;
        }

        var call = await grains.GetGrain<IChargePointGrain>(id)
            .CallAsync("SetMonitoringLevel", JsonSerializer.SerializeToElement(new { severity = request.Severity }), cancellationToken: cancellationToken);
        if (call.Outcome == CallOutcome.Completed && call.AnsweredStatus() == "Accepted")
        {
            await grains.GetGrain<IDeviceModelGrain>(id).MonitoringLevelSetAsync(request.Severity!.Value);
        }

        return call.ToHttpResult(id, "SetMonitoringLevel");
    }

    public static async Task<Results<Ok<MonitoringResultsResponse>, ValidationProblem, ProblemHttpResult>> SetMonitorsAsync(
        string id, JsonBody<SetMonitorsBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(request.Items is { Count: > 0 and <= MonitoringRules.MaxItems }, "items", $"Give 1 to {MonitoringRules.MaxItems} monitors.");
        for (var i = 0; i < (request.Items?.Count ?? 0); i++)
        {
            ValidateMonitor(errors, $"items[{i}]", request.Items![i]);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await V201StationCheck.RefusalAsync(grains, id, "SetVariableMonitoring") is { } refusal)
        {
            return refusal;
        }

        await ReadLimitsAsync(grains, id, "SetVariableMonitoring", cancellationToken);
        var items = request.Items!.Select(MonitorData).ToList();
        var sent = await StationVariables.SendAsync(grains, id, "SetVariableMonitoring", "setMonitoringData", "setMonitoringResult", items, "MonitoringCtrlr", cancellationToken);
        if (sent.Result is not Ok<VariablesResponse> { Value: { } answered })
        {
            return Narrow(sent);
        }

        // A result repeats the variable, type and severity but not the value: each is matched to what was asked, in order.
        var now = DateTimeOffset.UtcNow;
        var results = answered.Results.Zip(request.Items!).Select(pair => new MonitorSetResult(
            pair.First.TryGetProperty("id", out var monitorId) && monitorId.ValueKind == JsonValueKind.Number ? monitorId.GetInt32() : null,
            DeviceModelApi.ComponentOf(pair.First.GetProperty("component")),
            new VariableReference(pair.First.GetProperty("variable").GetProperty("name").GetString()!, DeviceModelApi.Text(pair.First.GetProperty("variable"), "instance")),
            DeviceModelApi.Text(pair.First, "type") ?? pair.Second.Type!,
            pair.Second.Value!.Value,
            pair.First.TryGetProperty("severity", out var severity) && severity.ValueKind == JsonValueKind.Number ? severity.GetInt32() : pair.Second.Severity!.Value,
            pair.Second.Transaction ?? false,
            DeviceModelApi.Text(pair.First, "status") ?? "Unknown",
            pair.First.TryGetProperty("statusInfo", out var info) ? DeviceModelApi.Text(info, "reasonCode") : null,
            now)).ToList();
        await grains.GetGrain<IDeviceModelGrain>(id).RecordMonitorResultsAsync(results);
        return TypedResults.Ok(new MonitoringResultsResponse(answered.Results, answered.Messages));
    }

    public static async Task<Results<Ok<MonitoringResultsResponse>, ValidationProblem, ProblemHttpResult>> ClearMonitorsAsync(
        string id, JsonBody<ClearMonitorsBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(request.Ids is { Count: > 0 and <= MonitoringRules.MaxItems }, "ids", $"Give 1 to {MonitoringRules.MaxItems} monitor ids.")
            .Check(request.Ids is null || request.Ids.All(i => i >= 0), "ids", "Monitor ids are 0 or above.")
            .Check(request.Ids is null || request.Ids.Distinct().Count() == request.Ids.Count, "ids", "Name each monitor once.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await V201StationCheck.RefusalAsync(grains, id, "ClearVariableMonitoring") is { } refusal)
        {
            return refusal;
        }

        await ReadLimitsAsync(grains, id, "ClearVariableMonitoring", cancellationToken);
        var items = request.Ids!.Select(i => (JsonNode)JsonValue.Create(i)).ToList();
        var sent = await StationVariables.SendAsync(grains, id, "ClearVariableMonitoring", "id", "clearMonitoringResult", items, "MonitoringCtrlr", cancellationToken);
        if (sent.Result is not Ok<VariablesResponse> { Value: { } answered })
        {
            return Narrow(sent);
        }

        // NotFound: the station has no such monitor (any more), so the CSMS should not list it either.
        var gone = answered.Results
            .Where(r => DeviceModelApi.Text(r, "status") is "Accepted" or "NotFound" && r.TryGetProperty("id", out var cleared) && cleared.ValueKind == JsonValueKind.Number)
            .Select(r => r.GetProperty("id").GetInt32())
            .ToList();
        await grains.GetGrain<IDeviceModelGrain>(id).MonitorsClearedAsync(gone);
        return TypedResults.Ok(new MonitoringResultsResponse(answered.Results, answered.Messages));
    }

    public static async Task<Results<Ok<ReportRequestResponse>, ValidationProblem, ProblemHttpResult>> RequestReportAsync(
        string id, JsonBody<MonitoringReportBody> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(request.MonitoringCriteria is null || (request.MonitoringCriteria.Count <= MonitoringRules.MonitoringCriteria.Count && request.MonitoringCriteria.All(MonitoringRules.MonitoringCriteria.Contains)),
                "monitoringCriteria", $"Each must be one of {string.Join(", ", MonitoringRules.MonitoringCriteria)}, at most once each.")
            .Check(request.ComponentVariables is null || request.ComponentVariables.Count <= MonitoringRules.MaxItems, "componentVariables", $"Give at most {MonitoringRules.MaxItems}.");
        for (var i = 0; i < (request.ComponentVariables?.Count ?? 0); i++)
        {
            var item = request.ComponentVariables![i];
            DeviceModelApi.ValidateVariable(errors, $"componentVariables[{i}]", item.Component, item.Variable ?? new VariableBody("-"), null);
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await V201StationCheck.RefusalAsync(grains, id, "GetMonitoringReport") is { } refusal)
        {
            return refusal;
        }

        var payload = new JsonObject();
        if (request.MonitoringCriteria is { Count: > 0 } criteria)
        {
            payload["monitoringCriteria"] = new JsonArray([.. criteria.Distinct().Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        if (request.ComponentVariables is { Count: > 0 } variables)
        {
            payload["componentVariable"] = new JsonArray([.. variables.Select(v => (JsonNode?)DeviceModelApi.ComponentVariable(v))]);
        }

        return await DeviceModelApi.RequestReportAsync(grains, id, "GetMonitoringReport", ReportKinds.Monitoring, payload, cancellationToken);
    }

    private static void ValidateMonitor(ValidationErrors errors, string field, SetMonitorItem item)
    {
        DeviceModelApi.ValidateVariable(errors, field, item.Component, item.Variable, null);
        errors.OneOf($"{field}.type", item.Type, MonitoringRules.MonitorTypes)
            .Check(item.Value is not null, $"{field}.value", "Required: the threshold, the delta, or the interval in seconds.")
            .Check(item.Severity is >= 0 and <= MonitoringRules.MaxSeverity, $"{field}.severity", $"Required, 0 (danger) to {MonitoringRules.MaxSeverity} (debug).")
            .Check(item.Id is null or >= 0, $"{field}.id", "Must be 0 or above: the id of the monitor to replace.");

        // N04: a delta is a change (of a numeric value; any change of other values), an interval a number of seconds; neither can be negative.
        if (item.Type is "Delta" or "Periodic" or "PeriodicClockAligned")
        {
            errors.Check(item.Value is null or >= 0, $"{field}.value", $"A {item.Type} monitor's value must be 0 or above.");
        }
    }

    private static JsonNode MonitorData(SetMonitorItem item)
    {
        var data = DeviceModelApi.Reference(item.Component!, item.Variable!);
        data["type"] = item.Type;
        data["value"] = item.Value;
        data["severity"] = item.Severity;
        if (item.Transaction is { } transaction)
        {
            data["transaction"] = transaction;
        }

        if (item.Id is { } monitorId)
        {
            data["id"] = monitorId;
        }

        return data;
    }

    /// <summary>
    /// Reads the station's per-message limits for <paramref name="action"/> with GetVariables when its device model does
    /// not hold them yet (N06.FR.04): a request split too coarsely would be refused whole. A station that cannot tell
    /// them is sent the request unsplit.
    /// </summary>
    private static async Task ReadLimitsAsync(IGrainFactory grains, string id, string action, CancellationToken cancellationToken)
    {
        var deviceModel = grains.GetGrain<IDeviceModelGrain>(id);
        if (await deviceModel.ActualValueAsync("MonitoringCtrlr", "ItemsPerMessage", action) is not null)
        {
            return;
        }

        var items = new[] { "ItemsPerMessage", "BytesPerMessage" }
            .Select(v => (JsonNode)new JsonObject
            {
                ["component"] = new JsonObject { ["name"] = "MonitoringCtrlr" },
                ["variable"] = new JsonObject { ["name"] = v, ["instance"] = action },
            })
            .ToList();
        var read = await StationVariables.SendAsync(grains, id, "GetVariables", "getVariableData", "getVariableResult", items, cancellationToken);
        if (read.Result is Ok<VariablesResponse> { Value: { } answered })
        {
            await DeviceModelApi.RecordAsync(grains, id, answered.Results
                .Where(r => DeviceModelApi.Text(r, "attributeStatus") == "Accepted")
                .Select(r => (r, DeviceModelApi.Text(r, "attributeValue"))));
        }
    }

    private static Results<Ok<MonitoringResultsResponse>, ValidationProblem, ProblemHttpResult> Narrow(Results<Ok<VariablesResponse>, ValidationProblem, ProblemHttpResult> sent) => sent.Result switch
    {
        ValidationProblem invalid => invalid,
        ProblemHttpResult problem => problem,
        _ => throw new ArgumentOutOfRangeException(nameof(sent), sent.Result?.GetType().Name, "Not a problem."),
    };
}
