using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>
/// OCPP 2.0.1 smart charging: profiles phrased for EVSEs and the station's transaction ids, profile reports assembled
/// by request id, limits set outside the CSMS, and the negotiation of an ISO 15118 EV's schedule.
/// </summary>
public sealed partial class ChargingProfilesGrain
{
    // Enough to show the answers to the latest requests, without growing with every request.
    private const int ReportsKept = 20;

    // One part per EVSE and source is the usual shape; this bounds what a misbehaving station can make the CSMS keep.
    private const int ReportPartsKept = 1_000;

    // One per source and EVSE is in force; cleared ones stay to show what was lifted, up to this many in all.
    private const int LimitsKept = 50;

    // An EV schedule longer than a month is judged on its first month.
    private const int MaxJudgedSeconds = 31 * 24 * 3600;

    private IChargingProfilesGrain Self => this.AsReference<IChargingProfilesGrain>();

    public async Task<ChargingProfileCallOutcome> RequestReportAsync(ChargingProfileQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (await ChargePoint.GetAsync() is not { } chargePoint)
        {
            return Unknown();
        }

        if (!SpeaksV201(chargePoint))
        {
            return new ChargingProfileCallOutcome(
                new ChargePointCallResult(CallOutcome.NotSupportedByProtocol, ErrorDescription: "An OCPP 1.6 charge point does not report its charging profiles (GetChargingProfiles is OCPP 2.0.1)."),
                []);
        }

        if (query.EvseId is { } evseId && ConnectorErrors(chargePoint, evseId).ToList() is { Count: > 0 } errors)
        {
            return new ChargingProfileCallOutcome(null, errors);
        }

        // Kept before it is sent: the station's report parts may come before its answer reaches the CSMS.
        var requestId = State.NextRequestId++;
        State.Reports.Add(new ChargingProfilesReport(requestId, query, Now, null, [], Complete: false));
        TrimReports();
        await WriteAsync();

        var call = await ChargePoint.CallAsync(
            V201ChargingProfileMessages.GetChargingProfiles, V201ChargingProfileMessages.GetChargingProfilesRequest(requestId, query), cancellationToken: cancellationToken);
        var status = call.AnsweredStatus() ?? call.Outcome.ToString();
        ReplaceReport(requestId, report => report with
        {
            Status = status,

            // NoProfiles, or no answer: no part will come.
            Complete = report.Complete || status != "Accepted",
            CompletedAt = report.CompletedAt ?? (status != "Accepted" ? Now : null),
        });
        await WriteAsync();
        return new ChargingProfileCallOutcome(call, [], RequestId: requestId);
    }

    public async Task<IReadOnlyList<ChargingProfilesReport>?> GetReportsAsync() =>
        await ChargePoint.GetAsync() is null ? null : [.. State.Reports];

    public async Task RecordReportAsync(ChargingProfilesReportPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var reported = new ReportedChargingProfiles(part.EvseId, part.LimitSource, part.Profiles);
        if (State.Reports.FindLastIndex(r => r.RequestId == part.RequestId) < 0)
        {
            // Unasked: the station reports on its own, e.g. the profiles an energy management system just set.
            State.Reports.Add(new ChargingProfilesReport(part.RequestId, null, null, null, [], Complete: false));
            TrimReports();
        }

        // ReportChargingProfiles carries no seqNo: parts stand in arrival order; one after the last, or after an answer
        // saying none will come (NoProfiles), is left out.
        var report = State.Reports[State.Reports.FindLastIndex(r => r.RequestId == part.RequestId)];
        var assembly = ReportAssembly<ReportedChargingProfiles>.InArrivalOrder(report.Parts, report.Complete)
            .Append(part.ToBeContinued, reported, ReportPartsKept, out var outcome);
        if (outcome != ReportPartOutcome.Added)
        {
            return;
        }

        ReplaceReport(part.RequestId, kept => kept with
        {
            Parts = [.. assembly.Parts],
            Complete = assembly.Complete,
            CompletedAt = assembly.Complete ? Now : null,
        });
        await WriteAsync();
    }

    public async Task RecordLimitAsync(ExternalChargingLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        State.Limits.RemoveAll(l => l.Source == limit.Source && l.EvseId == limit.EvseId);
        State.Limits.Add(limit);
        if (State.Limits.Count > LimitsKept)
        {
            State.Limits.RemoveRange(0, State.Limits.Count - LimitsKept);
        }

        State.RaisedEvents.Add(ChargePointEvents.ChargingLimitChanged(Key, limit, Now));
        await WriteAsync();
    }

    public async Task ClearLimitAsync(string source, int? evseId)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        var now = Now;
        var cleared = State.Limits.Where(l => l.InForce && l.Source == source && (evseId is null || l.EvseId == evseId)).ToList();
        if (cleared.Count == 0)
        {
            // Nothing the CSMS knew of: the release is still worth an event, as the station's limit changed.
            cleared = [new ExternalChargingLimit(source, evseId, null, [], now)];
            State.Limits.Add(cleared[0] with { ClearedAt = now });
        }

        State.Limits = [.. State.Limits.Select(l => cleared.Contains(l) ? l with { ClearedAt = now } : l)];
        foreach (var limit in cleared)
        {
            State.RaisedEvents.Add(ChargePointEvents.ChargingLimitChanged(Key, limit with { ClearedAt = now }, now));
        }

        await WriteAsync();
    }

    public async Task<string> HearEvChargingNeedsAsync(EvChargingNeeds needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        if (await ChargePoint.GetAsync() is not { } chargePoint)
        {
            return "Rejected";
        }

        // A TxProfile is for a transaction: without one on the EVSE the CSMS has nothing to send the schedule for.
        int? transactionId = chargePoint.OpenTransactions.TryGetValue(needs.EvseId, out var open) ? open : null;
        var profile = transactionId is null ? null : PolicyProfile(needs, transactionId);
        var answer = profile is null ? "Rejected" : "Accepted";
        State.Negotiations.TryGetValue(needs.EvseId, out var previous);
        State.Negotiations[needs.EvseId] = new EvseChargingNegotiation(needs.EvseId, needs, Now, answer, transactionId, EvSchedule: previous?.EvSchedule);
        await WriteAsync();
        if (profile is not null)
        {
            await ManageAsync(chargePoint);
            await Self.NegotiateAsync(needs.EvseId);
        }

        return answer;
    }

    public async Task NegotiateAsync(int evseId)
    {
        if (!State.Negotiations.TryGetValue(evseId, out var negotiation) || negotiation.Needs is not { } needs
            || await ChargePoint.GetAsync() is not { } chargePoint
            || !chargePoint.OpenTransactions.TryGetValue(evseId, out var transactionId) || transactionId != negotiation.TransactionId)
        {
            return;
        }

        if (PolicyProfile(needs, transactionId) is not { } profile)
        {
            return;
        }

        var call = await SendProfileAsync(chargePoint, evseId, profile, CancellationToken.None);
        var status = call.AnsweredStatus() ?? call.Outcome.ToString();
        if (status == "Accepted")
        {
            Install(evseId, profile);
        }
        else
        {
            LogNotAccepted(logger, Key, V201ChargingProfileMessages.SetChargingProfile, status);
        }

        State.Negotiations[evseId] = State.Negotiations[evseId] with { ProfileSent = profile, ProfileStatus = status, ProfileSentAt = Now };
        await WriteAsync();
    }

    public async Task<string> HearEvChargingScheduleAsync(int evseId, DateTimeOffset timeBase, ChargingScheduleDefinition schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (await ChargePoint.GetAsync() is not { } chargePoint)
        {
            return "Rejected";
        }

        int? transactionId = chargePoint.OpenTransactions.TryGetValue(evseId, out var open) ? open : null;
        var transactionStart = transactionId is { } running ? (await GrainFactory.GetGrain<ITransactionGrain>(running).GetAsync())?.StartTimestamp : null;
        var excess = Excess(evseId, timeBase, schedule, transactionId, transactionStart);
        var answer = excess is null ? "Accepted" : "Rejected";
        var negotiation = State.Negotiations.TryGetValue(evseId, out var known) ? known : new EvseChargingNegotiation(evseId, null, null, null, transactionId);
        negotiation = negotiation with { EvSchedule = new EvChargingScheduleReport(timeBase, schedule, answer, excess, Now) };

        // K16: an EV that asks for more than it was given is sent a schedule again, a few times at most.
        var renegotiate = excess is not null && negotiation.Needs is not null && negotiation.TransactionId == transactionId
            && negotiation.Renegotiations < smartCharging.Value.MaxRenegotiations;
        if (renegotiate)
        {
            negotiation = negotiation with { Renegotiations = negotiation.Renegotiations + 1 };
        }

        State.Negotiations[evseId] = negotiation;
        await WriteAsync();
        if (renegotiate)
        {
            await Self.NegotiateAsync(evseId);
        }

        return answer;
    }

    public async Task<SmartChargingView?> GetSmartChargingAsync() =>
        await ChargePoint.GetAsync() is null ? null : new SmartChargingView(Key, [.. State.Limits], [.. State.Negotiations.Values]);

    private static bool SpeaksV201(ChargePointState chargePoint) => (chargePoint.Session?.Protocol ?? chargePoint.Protocol) == OcppProtocols.V201;

    /// <summary>SetChargingProfile in the charge point's version; a 2.0.1 TxProfile names its transaction by the station's id.</summary>
    private Task<ChargePointCallResult> SendProfileAsync(ChargePointState chargePoint, int connectorId, ChargingProfileDefinition profile, CancellationToken cancellationToken)
    {
        if (!SpeaksV201(chargePoint))
        {
            return ChargePoint.CallAsync(
                ChargingProfileMessages.SetChargingProfile, ChargingProfileMessages.SetChargingProfileRequest(connectorId, profile), cancellationToken: cancellationToken);
        }

        var stationTransactionId = profile.TransactionId is { } transactionId
            ? chargePoint.StationTransactions.FirstOrDefault(t => t.Value.TransactionId == transactionId).Key
            : null;
        return ChargePoint.CallAsync(
            V201ChargingProfileMessages.SetChargingProfile,
            V201ChargingProfileMessages.SetChargingProfileRequest(connectorId, profile, stationTransactionId),
            cancellationToken: cancellationToken);
    }

    /// <summary>The EVSE and CSMS id of the open transaction a 2.0.1 station named in its answer to a remote start, if any.</summary>
    private async Task<(int EvseId, int TransactionId)?> RunningTransactionNamedAsync(ChargePointCallResult call)
    {
        if (call.Payload is not { ValueKind: JsonValueKind.Object } payload
            || !payload.TryGetProperty("transactionId", out var named) || named.ValueKind != JsonValueKind.String
            || await ChargePoint.GetAsync() is not { } chargePoint
            || !chargePoint.StationTransactions.TryGetValue(named.GetString()!, out var known) || known.Ended)
        {
            return null;
        }

        return (known.EvseId, known.TransactionId);
    }

    /// <summary>The profile the policy makes of an EV's needs, within the lowest limit in force on its EVSE now.</summary>
    private ChargingProfileDefinition? PolicyProfile(EvChargingNeeds needs, int? transactionId)
    {
        var options = smartCharging.Value;
        var (limit, unit) = StationLimit(needs.EvseId, options);
        return EvChargingNeedsPolicy.Profile(needs, options, Now, transactionId, limit, unit);
    }

    /// <summary>
    /// The lowest limit on an EVSE now, of the station's maximum profiles and the limits set outside the CSMS (compared
    /// in watts at the nominal voltage), or none.
    /// </summary>
    private (decimal? Limit, string? Unit) StationLimit(int evseId, SmartChargingOptions options)
    {
        var now = Now;
        var wattsPerAmpere = (decimal)options.NominalVoltage * options.AcPhases;
        var maxima = State.Profiles.Where(p => p.InForce && p.Profile.Purpose == ChargingProfileNames.ChargePointMaxProfile).ToList();
        var candidates = (CompositeScheduleCalculator.Compute(maxima, 0, now, 1) ?? [])
            .Where(p => p.Limit is not null)
            .Select(p => (Limit: p.Limit!.Value, Unit: p.ChargingRateUnit!))
            .Concat(State.Limits
                .Where(l => l.InForce && (l.EvseId is null or 0 || l.EvseId == evseId))
                .SelectMany(l => l.Schedules)
                .Select(s => LimitAt(s, now))
                .OfType<(decimal Limit, string Unit)>())
            .ToList();
        if (candidates.Count == 0)
        {
            return (null, null);
        }

        var lowest = candidates.MinBy(c => c.Unit == "A" ? c.Limit * wattsPerAmpere : c.Limit);
        return (lowest.Limit, lowest.Unit);
    }

    /// <summary>The limit a schedule sets at <paramref name="moment"/>; a schedule with no start is taken to start now.</summary>
    private static (decimal Limit, string Unit)? LimitAt(ChargingScheduleDefinition schedule, DateTimeOffset moment)
    {
        var start = schedule.StartSchedule ?? moment;
        var elapsed = (moment - start).TotalSeconds;
        if (elapsed < 0 || (schedule.Duration is { } duration && elapsed >= duration))
        {
            return null;
        }

        var period = schedule.Periods.LastOrDefault(p => p.StartPeriod <= elapsed);
        return period is null ? null : (period.Limit, schedule.ChargingRateUnit);
    }

    /// <summary>
    /// Why an EV's schedule asks for more than the profiles in force on its EVSE allow, or null when it keeps within
    /// them. Amperes and watts are compared at the nominal voltage on the period's phases (three when not given).
    /// </summary>
    private string? Excess(int evseId, DateTimeOffset timeBase, ChargingScheduleDefinition schedule, int? transactionId, DateTimeOffset? transactionStart)
    {
        var start = schedule.StartSchedule ?? timeBase;
        var length = Math.Clamp(Math.Max(schedule.Duration ?? 0, schedule.Periods.Select(p => p.StartPeriod + 1).DefaultIfEmpty(1).Max()), 1, MaxJudgedSeconds);
        if (CompositeScheduleCalculator.Compute(State.Profiles, evseId, start, length, transactionId, transactionStart) is not { } allowed)
        {
            // Profiles in A and W at once: nothing to judge the EV by that the station would not apply itself.
            return null;
        }

        var voltage = (decimal)smartCharging.Value.NominalVoltage;
        foreach (var period in schedule.Periods)
        {
            var cap = allowed.LastOrDefault(p => p.StartPeriod <= period.StartPeriod);
            if (cap?.Limit is not { } capLimit)
            {
                continue;
            }

            var phases = (decimal)(period.NumberPhases ?? cap.NumberPhases ?? 3);
            var asked = schedule.ChargingRateUnit == cap.ChargingRateUnit ? period.Limit
                : schedule.ChargingRateUnit == "A" ? period.Limit * voltage * phases
                : period.Limit / (voltage * phases);
            if (asked > capLimit)
            {
                return FormattableString.Invariant(
                    $"From {period.StartPeriod} s the EV asks for {period.Limit} {schedule.ChargingRateUnit}, above the {capLimit} {cap.ChargingRateUnit} the profiles on EVSE {evseId} allow.");
            }
        }

        return null;
    }

    private void ReplaceReport(int requestId, Func<ChargingProfilesReport, ChargingProfilesReport> change)
    {
        var index = State.Reports.FindLastIndex(r => r.RequestId == requestId);
        if (index >= 0)
        {
            State.Reports[index] = change(State.Reports[index]);
        }
    }

    private void TrimReports()
    {
        if (State.Reports.Count > ReportsKept)
        {
            State.Reports.RemoveRange(0, State.Reports.Count - ReportsKept);
        }
    }
}
