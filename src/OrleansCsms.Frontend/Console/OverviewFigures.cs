using System.Globalization;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Console;

/// <summary>The network at a glance: charge points by state, sessions running and the energy of today's sessions.</summary>
public sealed record OverviewFigures(long Registered, long Connected, long Charging, long Faulted, long SessionsRunning, long EnergyTodayWh)
{
    private const int Sample = 500;

    /// <summary>The figures, and the latest power (W) of each running session by transaction id, which the live chart adds up.</summary>
    public static async Task<(OverviewFigures Figures, IReadOnlyDictionary<int, double> Power)> ReadAsync(
        ICsmsQueries queries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var registered = (await queries.ListChargePointsAsync(new ChargePointQuery(PageSize: 1), cancellationToken)).TotalCount;
        var connected = (await queries.ListChargePointsAsync(new ChargePointQuery(Connected: true, PageSize: 1), cancellationToken)).TotalCount;
        var faulted = (await queries.ListChargePointsAsync(new ChargePointQuery("Faulted", PageSize: 1), cancellationToken)).TotalCount;
        var running = await queries.ListTransactionsAsync(new TransactionQuery(Active: true, PageSize: Sample), cancellationToken);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var energy = 0L;
        for (var page = 1; ; page++)
        {
            var started = await queries.ListTransactionsAsync(new TransactionQuery(From: today, Page: page, PageSize: Sample), cancellationToken);
            energy += started.Items.Sum(t => t.EnergyWh ?? 0);
            if (page * Sample >= started.TotalCount)
            {
                break;
            }
        }

        var power = running.Items
            .Where(t => t.LastReadings.ContainsKey(MeterSeries.ActivePower))
            .ToDictionary(t => t.TransactionId, t => Watts(t.LastReadings[MeterSeries.ActivePower]));
        var charging = running.Items.Select(t => t.ChargePointId).Distinct(StringComparer.Ordinal).LongCount();
        return (new OverviewFigures(registered, connected, charging, faulted, running.TotalCount, energy), power);
    }

    private static double Watts(LatestReading reading) =>
        double.TryParse(reading.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? (reading.Unit == "kW" ? value * 1000 : value) : 0;
}
