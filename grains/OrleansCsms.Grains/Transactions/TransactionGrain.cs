using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>One charging session: its start, meter readings, energy and stop. Replays change nothing.</summary>
/// <remarks>
/// Meter values are committed to the meter value store before a MeterValues is acknowledged. The summary derived
/// from them (energy, latest readings, count) changes in memory at once and is written at most every
/// <see cref="ChargePointOptions.TransactionSummaryPersistSeconds"/>, at the stop and when the grain leaves memory; an
/// activation that finds fewer values counted than stored rebuilds it from the stored values, so a silo killed in
/// between loses nothing.
/// </remarks>
[GrainType(GrainTypes.Transaction)]
public sealed partial class TransactionGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<TransactionState> state,
    IMeterValueStore meterStore,
    IEventOutbox events,
    IOptions<ChargePointOptions> options,
    TimeProvider time,
    ILogger<TransactionGrain> logger) : Grain, ITransactionGrain, IDurableStateGrain
{
    private const string EnergyRegister = "Energy.Active.Import.Register";

    private bool _summaryDirty;
    private IGrainTimer? _summaryFlush;

    private TransactionState State => state.State;

    private int TransactionId => checked((int)this.GetPrimaryKeyLong());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.TransactionSummaryPersistSeconds);
        _summaryFlush = this.RegisterGrainTimer(FlushSummaryAsync, new GrainTimerCreationOptions(period, period));
        if (state.RecordExists && State.MeterValueCount != await meterStore.CountByTransactionAsync(TransactionId, cancellationToken))
        {
            await RebuildSummaryAsync(cancellationToken);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _summaryFlush?.Dispose();

        // Only an idle activation writes its summary on the way out. After a failed turn it may be half-changed; and
        // when its silo stops, the grain may already be active again elsewhere, where a late write here would make the
        // next write there fail. The next activation rebuilds the summary from the stored values either way.
        if (reason.ReasonCode == DeactivationReasonCode.ActivationIdle)
        {
            await FlushSummaryAsync(cancellationToken);
        }
    }

    public async Task StartAsync(string chargePointId, StartTransactionRequest request, string idTagStatus)
    {
        if (state.RecordExists)
        {
            return;
        }

        var now = time.GetUtcNow();
        state.State = new TransactionState
        {
            TransactionId = TransactionId,
            ChargePointId = chargePointId,
            ConnectorId = request.ConnectorId,
            IdTag = request.IdTag,
            StartIdTagStatus = idTagStatus,
            ReservationId = request.ReservationId,
            StartTimestamp = request.Timestamp,
            MeterStart = request.MeterStart,
            Active = true,
            EnergyWh = 0,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await ChooseTariffAsync(null, null);
        Price(request.Timestamp);
        State.RaisedEvents.Add(ChargePointEvents.TransactionStarted(State, now));
        await WriteAsync();
    }

    public async Task AddMeterValuesAsync(string chargePointId, int connectorId, IReadOnlyList<MeterValue> meterValues)
    {
        if (!state.RecordExists || State.ChargePointId != chargePointId)
        {
            // Not ours to count: keep the readings against the charge point's connector alone.
            await meterStore.AppendAsync(MeterValueRows.From(chargePointId, connectorId, null, meterValues, "MeterValues"), CancellationToken.None);
            return;
        }

        await StoreAndApplyAsync(MeterValueRows.From(chargePointId, connectorId, TransactionId, meterValues, "MeterValues"), meterValues);
        _summaryDirty = true;

        // The readings are committed in the meter value store, not in this state: the event is stored on its own,
        // before the MeterValues is acknowledged. A resent MeterValues raises it again (at least once).
        await events.AppendAsync([ChargePointEvents.TransactionUpdated(State, ChargePointEvents.Readings(meterValues), time.GetUtcNow())], CancellationToken.None);
    }

    public async Task<bool> StopAsync(string chargePointId, StopTransactionRequest request)
    {
        // Another charge point cannot stop this transaction: its stop is recorded as unmatched by its own grain.
        if (!state.RecordExists || State.ChargePointId != chargePointId)
        {
            return false;
        }

        if (request.TransactionData is { Count: > 0 } data)
        {
            await StoreAndApplyAsync(MeterValueRows.From(chargePointId, State.ConnectorId, TransactionId, data, "StopTransaction"), data);
        }

        if (State.EndedBy == TransactionEnders.ChargePoint || (State.EndedBy is null && State.StopTimestamp is not null))
        {
            // A replayed stop: the first one counted. The id tag is told again in case the first attempt failed before telling it.
            await WriteAsync();
            await TellIdTagEndedAsync();
            return true;
        }

        // The charge point's own figures replace those of an operator or the CSMS that ended it without them.
        State.StopTimestamp = request.Timestamp;
        State.MeterStop = request.MeterStop;
        State.StopReason = request.Reason;
        State.StopIdTag = request.IdTag;
        State.EndedBy = TransactionEnders.ChargePoint;
        State.Active = false;
        State.EnergyWh = request.MeterStop - (State.MeterStart ?? request.MeterStop);
        Price(request.Timestamp);
        State.UpdatedAt = time.GetUtcNow();
        State.RaisedEvents.Add(ChargePointEvents.TransactionStopped(State, State.UpdatedAt.Value));
        await WriteAsync();
        await TellIdTagEndedAsync();
        return true;
    }

    public async Task<TransactionState?> EndAsync(TransactionEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (!state.RecordExists)
        {
            return null;
        }

        if (!State.Active)
        {
            return State;
        }

        var now = time.GetUtcNow();
        State.StopTimestamp = now;
        State.MeterStop = State.MeterStart is { } start ? checked((int)(start + (State.EnergyWh ?? 0))) : null;
        State.StopReason = "Other";
        State.EndedBy = end.EndedBy;
        State.EndNote = end.Note;
        State.Active = false;
        Price(now);
        State.UpdatedAt = now;
        State.RaisedEvents.Add(ChargePointEvents.TransactionStopped(State, now));
        await WriteAsync();
        LogEnded(logger, TransactionId, State.ChargePointId, end.EndedBy, end.Note);
        await TellIdTagEndedAsync();
        return State;
    }

    public Task<TransactionState?> GetAsync() => Task.FromResult(state.RecordExists ? State : null);

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        _summaryDirty = false;
    }

    private async Task FlushSummaryAsync(CancellationToken cancellationToken)
    {
        if (!_summaryDirty || !state.RecordExists)
        {
            return;
        }

        try
        {
            await WriteAsync();
        }
        catch (Orleans.Storage.InconsistentStateException ex)
        {
            // Another activation wrote since this one read: it is stale, and the next one rebuilds from what is stored.
            LogStale(logger, ex, TransactionId);
            _summaryDirty = false;
            DeactivateOnIdle();
        }
    }

    private async Task TellIdTagEndedAsync()
    {
        // Only an Accepted start counts against its tag. Telling the tag is bookkeeping, not the record: the tag
        // re-reads stored transactions before it refuses a start, so a failure here must not fail the stop.
        if (State.StartIdTagStatus != "Accepted")
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IIdTagGrain>(State.IdTag).TransactionEndedAsync(TransactionId);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogTagNotTold(logger, ex, TransactionId, State.IdTag);
        }
    }

    /// <summary>
    /// Stores the rows and folds the readings into the state. Readings are applied even when the store already had
    /// them: an earlier attempt may have stored them and then lost its state.
    /// </summary>
    private async Task StoreAndApplyAsync(List<MeterValueRecord> rows, IReadOnlyList<MeterValue> meterValues)
    {
        var added = await meterStore.AppendAsync(rows, CancellationToken.None);
        State.MeterValueCount = added == rows.Count
            ? State.MeterValueCount + added
            : await meterStore.CountByTransactionAsync(TransactionId, CancellationToken.None);
        Apply(meterValues);
    }

    private async Task RebuildSummaryAsync(CancellationToken cancellationToken)
    {
        var rows = await meterStore.ListByTransactionAsync(TransactionId, cancellationToken);
        State.LastReadings.Clear();
        State.LastMeterValueAt = null;
        State.MeterValueCount = rows.Count;
        Apply(MeterValueRows.ToMeterValues(rows));
        _summaryDirty = true;
    }

    private void Apply(IReadOnlyList<MeterValue> meterValues)
    {
        foreach (var meterValue in meterValues)
        {
            foreach (var sample in meterValue.SampledValues)
            {
                var measurand = sample.Measurand ?? EnergyRegister;
                var key = sample.Phase is null ? measurand : $"{measurand}/{sample.Phase}";
                if (State.LastReadings.TryGetValue(key, out var last) && last.Timestamp > meterValue.Timestamp)
                {
                    continue;
                }

                State.LastReadings[key] = new LatestReading(sample.Value, sample.Unit, meterValue.Timestamp);
                if (key == EnergyRegister && State.Active && State.MeterStart is { } start && EnergyInWh(sample) is { } register)
                {
                    State.EnergyWh = Math.Max(0, (long)Math.Round(register) - start);
                }
            }

            if (State.LastMeterValueAt is null || meterValue.Timestamp > State.LastMeterValueAt)
            {
                State.LastMeterValueAt = meterValue.Timestamp;
            }
        }

        State.UpdatedAt = time.GetUtcNow();
    }

    private static double? EnergyInWh(SampledValue sample)
    {
        // Signed data cannot be read here; only raw register values count towards energy.
        if (sample.Format == "SignedData" || !double.TryParse(sample.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        return sample.Unit == "kWh" ? value * 1000 : value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId} of charge point {ChargePointId} ended by {EndedBy}: {Note}")]
    private static partial void LogEnded(ILogger logger, int transactionId, string chargePointId, string endedBy, string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: another activation wrote its state; this one leaves memory")]
    private static partial void LogStale(ILogger logger, Exception exception, int transactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId} ended but id tag {IdTag} could not be told; it re-reads its transactions before refusing a start")]
    private static partial void LogTagNotTold(ILogger logger, Exception exception, int transactionId, string idTag);
}
