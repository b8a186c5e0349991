using System.Globalization;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Overview;

/// <summary>
/// The power running sessions draw, each from its latest Power.Active.Import reading (or the sum of its phases), else
/// from how fast its energy register rose between its last two readings. Remembers each session's last register
/// reading between samples, so it belongs to one sampler.
/// </summary>
public sealed class SessionPower
{
    private const string Power = "Power.Active.Import";
    private const string EnergyRegister = "Energy.Active.Import.Register";

    private Dictionary<int, RegisterRate> _rates = [];

    /// <summary>The total power of <paramref name="running"/> in kW; sessions not among them are forgotten.</summary>
    public double TotalKw(IReadOnlyList<TransactionState> running)
    {
        ArgumentNullException.ThrowIfNull(running);
        var rates = new Dictionary<int, RegisterRate>(running.Count);
        var total = 0.0;
        foreach (var transaction in running)
        {
            var rate = NextRate(_rates.GetValueOrDefault(transaction.TransactionId), transaction.LastReadings);
            if (rate is not null)
            {
                rates[transaction.TransactionId] = rate;
            }

            total += ReportedKw(transaction.LastReadings) ?? rate?.Kw ?? 0;
        }

        _rates = rates;
        return total;
    }

    private static double? ReportedKw(IReadOnlyDictionary<string, LatestReading> readings)
    {
        if (readings.TryGetValue(Power, out var total) && Kw(total) is { } kw)
        {
            return kw;
        }

        var phases = new[] { "L1", "L2", "L3" }
            .Select(phase => readings.TryGetValue($"{Power}/{phase}", out var reading) ? Kw(reading) : null).OfType<double>().ToList();
        return phases.Count > 0 ? phases.Sum() : null;
    }

    /// <summary>The register's rise since the previous reading seen, as power; the previous rate while no new reading came.</summary>
    private static RegisterRate? NextRate(RegisterRate? previous, IReadOnlyDictionary<string, LatestReading> readings)
    {
        if (!readings.TryGetValue(EnergyRegister, out var reading) || Wh(reading) is not { } wh)
        {
            return previous;
        }

        if (previous is null || reading.Timestamp <= previous.At)
        {
            return previous ?? new RegisterRate(wh, reading.Timestamp, 0);
        }

        var hours = (reading.Timestamp - previous.At).TotalHours;
        return new RegisterRate(wh, reading.Timestamp, Math.Max(0, (wh - previous.Wh) / hours / 1000));
    }

    private static double? Kw(LatestReading reading) =>
        Number(reading.Value) is { } value ? reading.Unit == "kW" ? value : value / 1000 : null;

    private static double? Wh(LatestReading reading) =>
        Number(reading.Value) is { } value ? reading.Unit == "kWh" ? value * 1000 : value : null;

    private static double? Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? number : null;

    private sealed record RegisterRate(double Wh, DateTimeOffset At, double Kw);
}
