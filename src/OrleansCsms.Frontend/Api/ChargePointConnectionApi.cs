using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A charge point's connection as an operator handles it: closing it wherever it is held, and the commands queued while
/// it was offline (sent after its next accepted boot).
/// </summary>
public static class ChargePointConnectionApi
{
    private const string Tag = "Charge point connection";

    public static IEndpointRouteBuilder MapChargePointConnectionApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .WithTags(Tag);

        group.MapPost("/disconnect", DisconnectAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DisconnectChargePoint")
            .WithSummary("Closes the charge point's WebSocket, on whichever front-end holds it; the charge point is expected to reconnect.");

        group.MapGet("/queued-commands", ListQueuedAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListQueuedCommands")
            .WithSummary("Lists the commands queued for the charge point (?queue=true on a command while it was offline), oldest first: Pending, Delivered with its answer, Failed or Expired.");

        group.MapGet("/queued-commands/{commandId:int}", GetQueuedAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetQueuedCommand")
            .WithSummary("Returns one queued command with its status and, once delivered, the charge point's answer.");

        group.MapDelete("/queued-commands/{commandId:int}", RemoveQueuedAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RemoveQueuedCommand")
            .WithSummary("Forgets a queued command; a pending one is then never sent.");

        return endpoints;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DisconnectAsync(string id, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IChargePointGrain>(id).DisconnectAsync("Disconnected by an operator.") switch
        {
            DisconnectOutcome.Closed => TypedResults.NoContent(),
            DisconnectOutcome.NotConnected => ApiProblems.Conflict("Charge point not connected", $"'{id}' has no open connection to close."),
            _ => ApiProblems.UnknownChargePoint(id),
        };

    public static async Task<Results<Ok<List<QueuedCommandResponse>>, ProblemHttpResult>> ListQueuedAsync(
        string id, [FromServices] IGrainFactory grains, [FromServices] TimeProvider time)
    {
        if (await grains.GetGrain<IChargePointGrain>(id).GetQueuedCommandsAsync() is not { } queued)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var now = time.GetUtcNow();
        return TypedResults.Ok(queued.Select(c => QueuedCommandResponse.Of(c, now)).ToList());
    }

    public static async Task<Results<Ok<QueuedCommandResponse>, ProblemHttpResult>> GetQueuedAsync(
        string id, int commandId, [FromServices] IGrainFactory grains, [FromServices] TimeProvider time)
    {
        if (await grains.GetGrain<IChargePointGrain>(id).GetQueuedCommandsAsync() is not { } queued)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        return queued.FirstOrDefault(c => c.Id == commandId) is { } command
            ? TypedResults.Ok(QueuedCommandResponse.Of(command, time.GetUtcNow()))
            : UnknownCommand(id, commandId);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveQueuedAsync(string id, int commandId, [FromServices] IGrainFactory grains) =>
        await grains.GetGrain<IChargePointGrain>(id).RemoveQueuedCommandAsync(commandId) ? TypedResults.NoContent() : UnknownCommand(id, commandId);

    private static ProblemHttpResult UnknownCommand(string id, int commandId) =>
        ApiProblems.NotFound("Unknown queued command", $"'{id}' has no queued command {commandId}.");
}
