namespace OrleansCsms.Grains;

/// <summary>
/// Makes the TxProfile an EV's charging needs call for: a Relative profile that starts with the transaction, at the
/// lowest rate that delivers the EV's energy amount by its departure time (policy DepartureTime) or at the highest
/// rate allowed (MaximumRate), never above the EV's, the station's or the CSMS's limits, nor below the EV's minimum.
/// AC is limited in amperes per phase, DC in watts.
/// </summary>
public static class EvChargingNeedsPolicy
{
    public const string DepartureTime = "DepartureTime";
    public const string MaximumRate = "MaximumRate";

    /// <summary>
    /// The profile, or null when the policy sends none. <paramref name="stationLimit"/> is the lowest limit in force on
    /// the EVSE (a station maximum or an external limit), in <paramref name="stationLimitUnit"/>.
    /// </summary>
    public static ChargingProfileDefinition? Profile(
        EvChargingNeeds needs, SmartChargingOptions options, DateTimeOffset now, int? transactionId, decimal? stationLimit = null, string? stationLimitUnit = null)
    {
        ArgumentNullException.ThrowIfNull(needs);
        ArgumentNullException.ThrowIfNull(options);
        if (options.EvChargingNeedsPolicy is not (DepartureTime or MaximumRate))
        {
            return null;
        }

        var ac = needs.RequestedEnergyTransfer.StartsWith("AC", StringComparison.Ordinal);
        var wattsPerAmpere = (decimal)options.NominalVoltage * options.AcPhases;
        decimal highest;
        decimal lowest;
        if (ac)
        {
            highest = Math.Min(options.MaxCurrentAmperes, needs.EvMaxCurrent ?? options.MaxCurrentAmperes);
            lowest = needs.EvMinCurrent ?? 0;
            if (stationLimit is { } limit)
            {
                highest = Math.Min(highest, stationLimitUnit == "W" ? limit / wattsPerAmpere : limit);
            }
        }
        else
        {
            var evPower = needs.EvMaxPower ?? (needs.EvMaxCurrent is { } current && needs.EvMaxVoltage is { } voltage ? current * voltage : options.MaxPowerWatts);
            highest = Math.Min(options.MaxPowerWatts, evPower);
            lowest = 0;
            if (stationLimit is { } limit)
            {
                highest = Math.Min(highest, stationLimitUnit == "A" ? limit * wattsPerAmpere : limit);
            }
        }

        var rate = highest;
        if (options.EvChargingNeedsPolicy == DepartureTime
            && needs is { DepartureTime: { } departure, EnergyAmountWh: > 0 and var energy }
            && departure > now)
        {
            // The average power that delivers the energy by departure; the EV's minimum keeps it from idling below what it can take.
            var watts = energy / (decimal)(departure - now).TotalHours;
            rate = Math.Clamp(ac ? watts / wattsPerAmpere : watts, Math.Min(lowest, highest), highest);
        }

        // Limits are sent to one decimal place: stations round to what they can apply anyway.
        rate = Math.Ceiling(rate * 10) / 10;
        if (rate <= 0)
        {
            return null;
        }

        var duration = needs.DepartureTime is { } leaves && leaves > now ? (int?)Math.Ceiling((leaves - now).TotalSeconds) : null;
        return new ChargingProfileDefinition(
            options.PolicyChargingProfileId,
            options.PolicyStackLevel,
            ChargingProfileNames.TxProfile,
            ChargingProfileNames.Relative,
            new ChargingScheduleDefinition(ac ? "A" : "W", [new ChargingSchedulePeriodDefinition(0, rate)], duration),
            transactionId);
    }
}
