using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A charge point's local authorization list (OCPP 1.6 Local Auth List Management): which id tags it holds, sent
/// with SendLocalList as soon as it changes when the charge point is connected, and at its next boot otherwise.
/// Each change answers with the list after the send, whose lastResult says what the charge point answered.
/// </summary>
public static class LocalAuthListApi
{
    private const string Tag = "Local authorization list";

    public static IEndpointRouteBuilder MapLocalAuthListApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}/local-list")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags(Tag);

        group.MapGet("/", GetAsync)
            .WithName("GetLocalList")
            .WithSummary("Returns the charge point's local authorization list: entries, the CSMS's version, the version the charge point holds and the last send's result.");

        group.MapPut("/", ReplaceAsync)
            .Accepts<PutLocalListRequest>("application/json")
            .WithName("ReplaceLocalList")
            .WithSummary("Makes the list exactly these id tags (a new version when anything changed, idTagInfo read afresh) and sends it (SendLocalList).");

        group.MapPost("/entries", AddAsync)
            .Accepts<AddLocalListEntriesRequest>("application/json")
            .WithName("AddLocalListEntries")
            .WithSummary("Adds id tags to the list (a new version) and sends the change (SendLocalList).");

        group.MapDelete("/entries/{idTag}", RemoveAsync)
            .WithName("RemoveLocalListEntry")
            .WithSummary("Removes an id tag from the list (a new version) and sends the change (SendLocalList).");

        group.MapPost("/sync", SyncAsync)
            .WithName("SyncLocalList")
            .WithSummary("Sends the charge point what it lacks of the list now, or all of it with ?full=true (SendLocalList).");

        group.MapGet("/version", GetChargePointVersionAsync)
            .ProducesCallProblems()
            .WithName("GetLocalListVersion")
            .WithSummary("Asks the charge point which list version it holds (GetLocalListVersion) and returns its answer as-is.");

        return endpoints;
    }

    public static async Task<Results<Ok<LocalListResponse>, ProblemHttpResult>> GetAsync(string id, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<ILocalAuthListGrain>(id).GetAsync() is { } list
            ? TypedResults.Ok(list.ToResponse())
            : ApiProblems.UnknownChargePoint(id);

    public static async Task<Results<Ok<LocalListResponse>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        string id, JsonBody<PutLocalListRequest> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().IdTags(request.IdTags);
        return errors.IsValid
            ? ToResult(id, await grains.GetGrain<ILocalAuthListGrain>(id).ReplaceAsync([.. request.IdTags!.Select(t => t!)]), request.IdTags!)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<LocalListResponse>, ValidationProblem, ProblemHttpResult>> AddAsync(
        string id, JsonBody<AddLocalListEntriesRequest> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().IdTags(request.IdTags).Check(request.IdTags is null or { Count: > 0 }, "idTags", "Name at least one id tag.");
        return errors.IsValid
            ? ToResult(id, await grains.GetGrain<ILocalAuthListGrain>(id).UpdateAsync([.. request.IdTags!.Select(t => t!)], []), request.IdTags!)
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<LocalListResponse>, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        string id, string idTag, [FromServices] IGrainFactory grains)
    {
        var errors = new ValidationErrors().IdTag("idTag", idTag);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var grain = grains.GetGrain<ILocalAuthListGrain>(id);
        if (await grain.GetAsync() is not { } list)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        if (!list.Entries.Any(e => e.IdTag == idTag))
        {
            return ApiProblems.NotFound("Not on the local list", $"'{idTag}' is not on the local authorization list of '{id}'.");
        }

        return ToResult(id, await grain.UpdateAsync([], [idTag]), []);
    }

    public static async Task<Results<Ok<LocalListResponse>, ValidationProblem, ProblemHttpResult>> SyncAsync(
        string id, bool? full, [FromServices] IGrainFactory grains) =>
        ToResult(id, await grains.GetGrain<ILocalAuthListGrain>(id).SyncAsync(full ?? false), []);

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> GetChargePointVersionAsync(
        string id, [FromServices] IGrainFactory grains) =>
        (await grains.GetGrain<ILocalAuthListGrain>(id).GetChargePointVersionAsync()).ToHttpResult(id, "GetLocalListVersion");

    private static Results<Ok<LocalListResponse>, ValidationProblem, ProblemHttpResult> ToResult(string id, LocalAuthListChange change, IReadOnlyList<string?> idTags) =>
        change.Outcome switch
        {
            LocalAuthListOutcome.Done => TypedResults.Ok(change.List!.ToResponse()),
            LocalAuthListOutcome.UnknownChargePoint => ApiProblems.UnknownChargePoint(id),
            _ => new ValidationErrors().Refusal(change, idTags).ToProblem("The local authorization list was not changed."),
        };
}
