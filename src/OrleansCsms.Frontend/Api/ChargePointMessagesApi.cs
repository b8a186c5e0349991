using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>One logged OCPP frame; <c>frame</c> is the raw JSON text as it went over the socket.</summary>
public sealed record OcppMessageResponse(
    DateTimeOffset Timestamp,
    string Direction,
    int MessageType,
    string MessageId,
    string? Action,
    string Frame);

/// <summary>The OCPP message log of a charge point, for looking into what it said and was told.</summary>
public static class ChargePointMessagesApi
{
    private const string Tag = "Charge points";

    public static IEndpointRouteBuilder MapChargePointMessagesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/charge-points/{id}/messages", ListAsync)
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags(Tag)
            .WithName("ListChargePointMessages")
            .WithSummary("Lists the OCPP frames exchanged with a charge point, newest first.");
        return endpoints;
    }

    public static async Task<Results<Ok<PagedResponse<OcppMessageResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string id,
        int? page,
        int? pageSize,
        [FromServices] IOcppMessageLog log,
        [FromServices] IGrainFactory grains,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Resolve(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        // The log is written in the background; without this a frame just exchanged would not be listed yet.
        await log.FlushAsync(cancellationToken);
        var result = await log.ListAsync(id, pageNumber, size, cancellationToken);

        // A deleted charge point's frames stay readable; only an identity never seen at all is unknown.
        if (result.TotalCount == 0 && await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        return TypedResults.Ok(result.ToResponse(e => new OcppMessageResponse(e.Timestamp, e.Direction, e.MessageType, e.MessageId, e.Action, FrameText(e.Frame))));
    }

    /// <summary>
    /// The log keeps frames as the bytes that went over the socket and they are decoded only here. A frame that is
    /// not valid UTF-8 still lists: each bad byte sequence reads as U+FFFD.
    /// </summary>
    private static string FrameText(byte[] frame) => Encoding.UTF8.GetString(frame);
}
