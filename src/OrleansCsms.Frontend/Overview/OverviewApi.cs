using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Overview;

/// <summary>Registered charge points: how many, connected, and with a connector charging, faulted or unavailable (by their last reported status).</summary>
public sealed record ChargePointCountsResponse(long Known, long Connected, long Charging, long Faulted, long Unavailable);

/// <summary>
/// GET /api/overview: the network at a glance. Today starts at midnight in <see cref="TimeZone"/>; its energy is that of
/// the sessions started since (a session running across midnight counts on the day it started).
/// </summary>
public sealed record OverviewResponse(
    DateTimeOffset At,
    ChargePointCountsResponse ChargePoints,
    long SessionsRunning,
    string TimeZone,
    DateTimeOffset TodayStartedAt,
    long SessionsToday,
    long EnergyTodayWh,
    decimal EnergyTodayKWh);

/// <summary>The console's overview, computed from stored grain state on each request rather than from counters that could drift.</summary>
public static class OverviewApi
{
    public static IEndpointRouteBuilder MapOverviewApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/overview", GetAsync)
            .WithName("GetOverview")
            .WithSummary("Charge points known, connected, charging, faulted and unavailable; sessions running; sessions and energy since midnight in Console:TimeZone.")
            .WithTags("Cluster");
        return endpoints;
    }

    public static async Task<Ok<OverviewResponse>> GetAsync(
        [FromServices] ICsmsQueries queries,
        [FromServices] IOptions<ConsoleDataOptions> options,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var zone = options.Value.Zone;
        var midnight = StartOfDay(now, zone);
        var counts = await queries.CountChargePointsAsync(cancellationToken);
        var all = await queries.SumTransactionsAsync(cancellationToken);
        var today = await queries.SumTransactionsStartedSinceAsync(midnight, cancellationToken);
        return TypedResults.Ok(new OverviewResponse(
            now,
            new ChargePointCountsResponse(counts.Known, counts.Connected, counts.Charging, counts.Faulted, counts.Unavailable),
            all.Active,
            options.Value.TimeZone,
            midnight,
            today.Transactions,
            today.EnergyWh,
            today.EnergyWh / 1000m));
    }

    /// <summary>The last midnight at or before <paramref name="now"/> in <paramref name="zone"/>, as an instant.</summary>
    public static DateTimeOffset StartOfDay(DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnight = local.Date;

        // Where clocks jump forward at midnight the day starts at the first minute that exists.
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(1);
        }

        // An ambiguous midnight (clocks turned back over it) is taken at its earlier instant, the larger offset.
        var offset = zone.IsAmbiguousTime(midnight) ? zone.GetAmbiguousTimeOffsets(midnight).Max() : zone.GetUtcOffset(midnight);
        return new DateTimeOffset(midnight, offset).ToUniversalTime();
    }
}
