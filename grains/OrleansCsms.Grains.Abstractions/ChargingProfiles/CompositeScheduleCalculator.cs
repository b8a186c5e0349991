namespace OrleansCsms.Grains;

/// <summary>
/// The schedule a connector follows, worked out by the CSMS from the profiles it holds: in each period, no limit, or
/// one limit with its unit. Null <see cref="Limit"/>: no profile limits that period.
/// </summary>
[GenerateSerializer]
[Alias("csms.CompositePeriod")]
[Immutable]
public sealed record CompositePeriod(int StartPeriod, decimal? Limit, int? NumberPhases, string? ChargingRateUnit);

/// <summary>
/// Works out a connector's composite schedule as OCPP 1.6 stacks profiles: at each moment the TxProfile of the running
/// transaction with the highest stack level that is active, else the TxDefaultProfile of the connector, else that of
/// connector 0; capped by the active ChargePointMaxProfile with the highest stack level. Connector 0 follows the
/// ChargePointMaxProfile alone.
/// </summary>
public static class CompositeScheduleCalculator
{
    /// <summary>
    /// The periods from <paramref name="from"/> for <paramref name="duration"/> seconds; null when the profiles in force
    /// limit the connector in amperes and watts at once, which cannot be combined without the supply's voltage. <paramref name="transactionId"/>
    /// and <paramref name="transactionStart"/> are the transaction running on the connector, if any: its TxProfiles
    /// apply, and Relative profiles start with it.
    /// </summary>
    public static IReadOnlyList<CompositePeriod>? Compute(
        IReadOnlyList<InstalledChargingProfile> profiles, int connectorId, DateTimeOffset from, int duration, int? transactionId = null, DateTimeOffset? transactionStart = null)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(duration);
        var until = from.AddSeconds(duration);
        var relevant = profiles.Where(p => p.InForce && Applies(p, connectorId, transactionId)).ToList();
        var moments = relevant.SelectMany(p => Boundaries(p.Profile, from, until, transactionStart))
            .Where(t => t > from && t < until)
            .Append(from)
            .Distinct()
            .Order();

        var periods = new List<CompositePeriod>();
        foreach (var moment in moments)
        {
            var (limit, mixedUnits) = LimitAt(relevant, connectorId, moment, transactionStart);
            if (mixedUnits)
            {
                return null;
            }

            var period = new CompositePeriod((int)(moment - from).TotalSeconds, limit?.Value, limit?.NumberPhases, limit?.Unit);
            if (periods.Count == 0 || periods[^1] with { StartPeriod = period.StartPeriod } != period)
            {
                periods.Add(period);
            }
        }

        return periods;
    }

    private static bool Applies(InstalledChargingProfile installed, int connectorId, int? transactionId) => installed.Profile.Purpose switch
    {
        ChargingProfileNames.ChargePointMaxProfile => true,
        ChargingProfileNames.TxDefaultProfile => connectorId != 0 && (installed.ConnectorId == connectorId || installed.ConnectorId == 0),
        ChargingProfileNames.TxProfile => connectorId != 0 && installed.ConnectorId == connectorId && transactionId is not null
            && (installed.Profile.TransactionId is null || installed.Profile.TransactionId == transactionId),
        _ => false,
    };

    private static (PeriodLimit? Limit, bool MixedUnits) LimitAt(List<InstalledChargingProfile> profiles, int connectorId, DateTimeOffset moment, DateTimeOffset? transactionStart)
    {
        PeriodLimit? Top(Func<InstalledChargingProfile, bool> which) => profiles
            .Where(which)
            .OrderByDescending(p => p.Profile.StackLevel)
            .Select(p => LimitOf(p.Profile, moment, transactionStart))
            .FirstOrDefault(l => l is not null);

        var max = Top(p => p.Profile.Purpose == ChargingProfileNames.ChargePointMaxProfile);
        var charging = connectorId == 0
            ? null
            : Top(p => p.Profile.Purpose == ChargingProfileNames.TxProfile)
                ?? Top(p => p.Profile.Purpose == ChargingProfileNames.TxDefaultProfile && p.ConnectorId == connectorId)
                ?? Top(p => p.Profile.Purpose == ChargingProfileNames.TxDefaultProfile && p.ConnectorId == 0);
        if (max is null || charging is null)
        {
            return (max ?? charging, false);
        }

        // Amperes and watts are not comparable without the supply's voltage, which the CSMS does not know.
        return max.Unit != charging.Unit ? (null, true) : (max.Value <= charging.Value ? max : charging, false);
    }

    /// <summary>The period of <paramref name="profile"/> in force at <paramref name="moment"/>, or null when none is.</summary>
    private static PeriodLimit? LimitOf(ChargingProfileDefinition profile, DateTimeOffset moment, DateTimeOffset? transactionStart)
    {
        if (moment < profile.ValidFrom || moment >= profile.ValidTo || StartOf(profile, moment, transactionStart) is not { } start)
        {
            return null;
        }

        var offset = (moment - start).TotalSeconds;
        if (offset < 0 || offset >= profile.Schedule.Duration)
        {
            return null;
        }

        var period = profile.Schedule.Periods.LastOrDefault(p => p.StartPeriod <= offset);
        return period is null ? null : new PeriodLimit(period.Limit, period.NumberPhases, profile.Schedule.ChargingRateUnit);
    }

    /// <summary>When the schedule's run that covers <paramref name="moment"/> started: a Recurring one's latest recurrence, a Relative one's transaction.</summary>
    private static DateTimeOffset? StartOf(ChargingProfileDefinition profile, DateTimeOffset moment, DateTimeOffset? transactionStart)
    {
        if (profile.Kind == ChargingProfileNames.Relative)
        {
            return transactionStart;
        }

        if (profile.Schedule.StartSchedule is not { } start || profile.Kind != ChargingProfileNames.Recurring || moment < start)
        {
            return profile.Schedule.StartSchedule;
        }

        var recurrence = Recurrence(profile);
        return start + (recurrence * Math.Floor((moment - start) / recurrence));
    }

    private static TimeSpan Recurrence(ChargingProfileDefinition profile) =>
        profile.RecurrencyKind == "Weekly" ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);

    /// <summary>Every moment in the window at which the profile's limit may change.</summary>
    private static IEnumerable<DateTimeOffset> Boundaries(ChargingProfileDefinition profile, DateTimeOffset from, DateTimeOffset until, DateTimeOffset? transactionStart)
    {
        if (profile.ValidFrom is { } validFrom)
        {
            yield return validFrom;
        }

        if (profile.ValidTo is { } validTo)
        {
            yield return validTo;
        }

        var starts = new List<DateTimeOffset>();
        if (profile.Kind == ChargingProfileNames.Recurring && profile.Schedule.StartSchedule is { } first)
        {
            var recurrence = Recurrence(profile);
            for (var start = StartOf(profile, from, transactionStart) ?? first; start < until; start += recurrence)
            {
                starts.Add(start);
            }
        }
        else if (StartOf(profile, from, transactionStart) is { } start)
        {
            starts.Add(start);
        }

        foreach (var start in starts)
        {
            foreach (var period in profile.Schedule.Periods)
            {
                yield return start.AddSeconds(period.StartPeriod);
            }

            if (profile.Schedule.Duration is { } length)
            {
                yield return start.AddSeconds(length);
            }
        }
    }

    private sealed record PeriodLimit(decimal Value, int? NumberPhases, string Unit);
}
