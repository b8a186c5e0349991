namespace OrleansCsms.Grains;

/// <summary>Prices a transaction by its tariff: the session fee, the energy delivered and the minutes it charged.</summary>
public static class TransactionCosts
{
    /// <summary>
    /// What <paramref name="transaction"/> costs at <paramref name="at"/> (or at its stop, once stopped); null when no
    /// tariff prices it. The minutes are those the station reported charging (2.0.1's timeSpentCharging) or, when it
    /// reported none, the time since the start.
    /// </summary>
    public static TransactionCost? Of(TransactionState transaction, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Tariff is not { } tariff)
        {
            return null;
        }

        var kWh = (transaction.EnergyWh ?? 0) / 1000m;
        var total = tariff.PricePerSession + (kWh * tariff.PricePerKWh) + (ChargingMinutes(transaction, at) * tariff.PricePerMinute);
        return new TransactionCost(Math.Round(total, 2, MidpointRounding.AwayFromZero), tariff.Currency, tariff.Id, Final: !transaction.Active);
    }

    /// <summary>The price list in words, for a station's display: e.g. "0.30 EUR/kWh + 0.05 EUR/min + 1.00 EUR/session".</summary>
    public static string Describe(Tariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var parts = new List<string>(3);
        if (tariff.PricePerKWh != 0)
        {
            parts.Add(FormattableString.Invariant($"{tariff.PricePerKWh:0.00##} {tariff.Currency}/kWh"));
        }

        if (tariff.PricePerMinute != 0)
        {
            parts.Add(FormattableString.Invariant($"{tariff.PricePerMinute:0.00##} {tariff.Currency}/min"));
        }

        if (tariff.PricePerSession != 0)
        {
            parts.Add(FormattableString.Invariant($"{tariff.PricePerSession:0.00##} {tariff.Currency}/session"));
        }

        return parts.Count == 0 ? "Free of charge" : string.Join(" + ", parts);
    }

    private static decimal ChargingMinutes(TransactionState transaction, DateTimeOffset at)
    {
        if (transaction.TimeSpentChargingSeconds is { } seconds)
        {
            return seconds / 60m;
        }

        var end = transaction.StopTimestamp ?? at;
        return transaction.StartTimestamp is { } start && end > start ? (decimal)(end - start).TotalMinutes : 0m;
    }
}
