namespace OrleansCsms.Grains;

/// <summary>
/// OCPP 2.0.1 transaction events: a transaction is told in a run of events with sequence numbers, any of which may
/// arrive late, twice (a station resends what it got no answer for) or out of order (its offline queue).
/// </summary>
public sealed partial class TransactionGrain
{
    // The stopped reason OCPP 2.0.1 says to assume when an Ended event gives none.
    private const string DefaultStoppedReason = "Local";

    public async Task<TransactionEventOutcome> ApplyEventAsync(string chargePointId, TransactionEventReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (state.RecordExists && State.ChargePointId != chargePointId)
        {
            return new TransactionEventOutcome(Recorded: false, Replayed: false, Ended: false, IdTokenInfo: null);
        }

        if (state.RecordExists && SeqNoRuns.Contains(State.SeqNos, report.SeqNo))
        {
            // Counted once: a replay is answered as the first one was, and changes nothing.
            return new TransactionEventOutcome(Recorded: true, Replayed: true, Ended: !State.Active, await TokenInfoForReplayAsync(report), State.Cost);
        }

        var begun = !state.RecordExists;
        if (begun)
        {
            Begin(chargePointId, report);
        }

        State.SeqNos = SeqNoRuns.Add(State.SeqNos, report.SeqNo);
        State.OfflineEvents |= report.Offline;
        State.LastTriggerReason = report.TriggerReason;
        State.ChargingState = report.ChargingState ?? State.ChargingState;
        State.RemoteStartId ??= report.RemoteStartId;
        if (State.ReservationId is null && report.ReservationId is { } reservationId)
        {
            await ConsumeReservationAsync(reservationId);
        }
        State.TimeSpentChargingSeconds = report.TimeSpentChargingSeconds ?? State.TimeSpentChargingSeconds;
        State.EvseConnectorId ??= report.ConnectorId;
        if (report.EventType == TransactionEventTypes.Started && (State.StartTimestamp is null || report.Timestamp < State.StartTimestamp))
        {
            // The Started event arrived after later ones (from an offline queue): it says when the transaction began.
            State.StartTimestamp = report.Timestamp;
        }

        var tokenInfo = await AuthorizeTokenAsync(report, begun);
        await ChooseTariffAsync(tokenInfo, report.IdToken);
        if (report.MeterValues.Count > 0)
        {
            State.MeterStart ??= FirstRegisterReading(report.MeterValues);
            await StoreAndApplyAsync(MeterValueRows.From(chargePointId, State.ConnectorId, TransactionId, report.MeterValues, "TransactionEvent"), report.MeterValues);
        }

        var ended = report.EventType == TransactionEventTypes.Ended && State.Active;
        if (ended)
        {
            End(report);
        }

        var now = time.GetUtcNow();
        Price(State.LastMeterValueAt is { } last && last > report.Timestamp ? last : report.Timestamp);
        var costUpdateDue = CostUpdateDue(now);
        State.UpdatedAt = now;
        RaiseEvents(report, begun, ended, now);
        await WriteAsync();
        if (ended)
        {
            await TellIdTagEndedAsync();
        }

        if (costUpdateDue)
        {
            SendCostUpdatedAsync(State.Cost!, State.StationTransactionId!).Ignore();
        }

        return new TransactionEventOutcome(Recorded: true, Replayed: false, Ended: !State.Active, tokenInfo, State.Cost);
    }

    /// <summary>The outbox events of one TransactionEvent, stored in the same write as its effect.</summary>
    private void RaiseEvents(TransactionEventReport report, bool begun, bool ended, DateTimeOffset now)
    {
        if (begun)
        {
            State.RaisedEvents.Add(ChargePointEvents.TransactionStarted(State, now));
        }

        if (report.MeterValues.Count > 0 && !ended)
        {
            State.RaisedEvents.Add(ChargePointEvents.TransactionUpdated(State, ChargePointEvents.Readings(report.MeterValues), now));
        }

        if (ended)
        {
            State.RaisedEvents.Add(ChargePointEvents.TransactionStopped(State, now));
        }
    }

    private void Begin(string chargePointId, TransactionEventReport report)
    {
        var now = time.GetUtcNow();
        state.State = new TransactionState
        {
            TransactionId = TransactionId,
            ChargePointId = chargePointId,
            ConnectorId = report.EvseId ?? 0,
            StationTransactionId = report.StationTransactionId,
            IdTag = "",
            StartTimestamp = report.Timestamp,
            Active = true,
            EnergyWh = 0,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private void End(TransactionEventReport report)
    {
        State.StopTimestamp = report.Timestamp;
        State.MeterStop = LastRegisterReading(report.MeterValues)
            ?? (State.MeterStart is { } start ? checked((int)(start + (State.EnergyWh ?? 0))) : null);
        State.StopReason = report.StoppedReason ?? DefaultStoppedReason;
        State.EndedBy = TransactionEnders.ChargePoint;
        State.EndNote = null;
        State.Active = false;
        if (State.MeterStop is { } stop && State.MeterStart is { } begin)
        {
            State.EnergyWh = Math.Max(0, stop - begin);
        }
    }

    /// <summary>
    /// The status of the token an event carries. The first token of a transaction authorizes it and counts against
    /// the tag; a different one on a later event (typically the one that stops it) is only looked up. So is one that
    /// first appears to stop a transaction begun without a token: a master pass ending every transaction of a
    /// station starts none of them.
    /// </summary>
    private async Task<IdTagInfo?> AuthorizeTokenAsync(TransactionEventReport report, bool begun)
    {
        if (report.IdToken is not { } token)
        {
            return null;
        }

        if (IdTokens.NeedsNoAuthorization(report.IdTokenType))
        {
            State.IdTokenType ??= report.IdTokenType;
            return new IdTagInfo("Accepted");
        }

        if (State.IdTag.Length == 0 && (begun || !Stops(report)))
        {
            var info = await GrainFactory.GetGrain<IIdTagGrain>(token).StartTransactionAsync(TransactionId, report.IdTokenType);
            State.IdTag = token;
            State.IdTokenType = report.IdTokenType;
            State.StartIdTagStatus = info.Status;
            return info;
        }

        if (token == State.IdTag)
        {
            return await TokenInfoForReplayAsync(report);
        }

        if (report.EventType == TransactionEventTypes.Ended)
        {
            State.StopIdTag = token;
        }

        return await GrainFactory.GetGrain<IIdTagGrain>(token).AuthorizeAsync(report.IdTokenType);
    }

    private static bool Stops(TransactionEventReport report) =>
        report.EventType == TransactionEventTypes.Ended || report.TriggerReason == "StopAuthorized";

    private async Task<IdTagInfo?> TokenInfoForReplayAsync(TransactionEventReport report)
    {
        if (report.IdToken is not { } token)
        {
            return null;
        }

        if (IdTokens.NeedsNoAuthorization(report.IdTokenType))
        {
            return new IdTagInfo("Accepted");
        }

        if (token != State.IdTag || State.StartIdTagStatus is null)
        {
            return await GrainFactory.GetGrain<IIdTagGrain>(token).AuthorizeAsync(report.IdTokenType);
        }

        var current = await GrainFactory.GetGrain<IIdTagGrain>(token).GetAsync();
        return new IdTagInfo(State.StartIdTagStatus, current?.ExpiryDate, current?.ParentIdTag, current?.PersonalMessage, current?.PersonalMessageLanguage);
    }

    private static int? FirstRegisterReading(IReadOnlyList<MeterValue> meterValues) =>
        RegisterReadings(meterValues).OrderBy(r => r.Timestamp).Select(r => (int?)r.Wh).FirstOrDefault();

    private static int? LastRegisterReading(IReadOnlyList<MeterValue> meterValues) =>
        RegisterReadings(meterValues).OrderBy(r => r.Timestamp).Select(r => (int?)r.Wh).LastOrDefault();

    private static IEnumerable<(DateTimeOffset Timestamp, int Wh)> RegisterReadings(IReadOnlyList<MeterValue> meterValues) =>
        from meterValue in meterValues
        from sample in meterValue.SampledValues
        where (sample.Measurand ?? EnergyRegister) == EnergyRegister && sample.Phase is null
        let wh = EnergyInWh(sample)
        where wh is not null
        select (meterValue.Timestamp, checked((int)Math.Round(wh.Value, MidpointRounding.AwayFromZero)));
}
