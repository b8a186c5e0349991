using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>The security events charge points reported (OCPP 1.6 security extension, SecurityEventNotification).</summary>
public static class SecurityEventsApi
{
    private const string Tag = "Security events";

    public static IEndpointRouteBuilder MapSecurityEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/charge-points/{id}/security-events")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .WithTags(Tag)
            .MapGet("/", ListAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListSecurityEvents")
            .WithSummary(
                "Lists the security events a charge point reported, newest first, optionally of one type; critical ones (as the security " +
                "extension defines them) are marked. The most recent Ocpp:SecurityEventsKept are kept; discarded counts the older ones dropped.");

        return endpoints;
    }

    public static async Task<Results<Ok<SecurityEventsResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string id, string? type, int? page, int? pageSize, [FromServices] IGrainFactory grains)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Resolve(page, pageSize, errors);
        errors.Check(type is null || type.Length is >= 1 and <= 50, "type", "Must be 1-50 characters, a security event type.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (await grains.GetGrain<IChargePointGrain>(id).GetAsync() is null)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var events = await grains.GetGrain<ISecurityEventLogGrain>(id).ListAsync(type, pageNumber, size);
        return TypedResults.Ok(new SecurityEventsResponse(
            [.. events.Items.Select(e => new SecurityEventResponse(e.Sequence, e.Type, e.Timestamp, e.TechInfo, e.ReceivedAt, e.Critical))],
            events.TotalCount, pageNumber, size, events.Discarded));
    }
}

/// <summary>A security event: its type, when the charge point says it happened, its technical detail, and when it arrived.</summary>
public sealed record SecurityEventResponse(long Sequence, string Type, DateTimeOffset Timestamp, string? TechInfo, DateTimeOffset ReceivedAt, bool Critical);

/// <summary>A page of a charge point's security events, with how many older ones were dropped to keep the log bounded.</summary>
public sealed record SecurityEventsResponse(IReadOnlyList<SecurityEventResponse> Items, long TotalCount, int Page, int PageSize, long Discarded);
