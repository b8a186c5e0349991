using System.Globalization;

namespace OrleansCsms.Grains;

/// <summary>One charging session: its start, meter readings, energy and stop. Replays change nothing.</summary>
[GrainType(GrainTypes.Transaction)]
public sealed class TransactionGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<TransactionState> state,
    IMeterValueStore meterStore,
    TimeProvider time) : Grain, ITransactionGrain, IDurableStateGrain
{
    private const string EnergyRegister = "Energy.Active.Import.Register";

    private TransactionState State => state.State;

    private int TransactionId => checked((int)this.GetPrimaryKeyLong());

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
        await state.WriteStateAsync();
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
        await state.WriteStateAsync();
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

        if (State.StopTimestamp is not null)
        {
            // A replayed stop: the first one counted. The id tag is told again in case the first attempt failed before telling it.
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IIdTagGrain>(State.IdTag).TransactionStoppedAsync(TransactionId);
            return true;
        }

        State.StopTimestamp = request.Timestamp;
        State.MeterStop = request.MeterStop;
        State.StopReason = request.Reason;
        State.StopIdTag = request.IdTag;
        State.Active = false;
        State.EnergyWh = request.MeterStop - (State.MeterStart ?? request.MeterStop);
        State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IIdTagGrain>(State.IdTag).TransactionStoppedAsync(TransactionId);
        return true;
    }

    public Task<TransactionState?> GetAsync() => Task.FromResult(state.RecordExists ? State : null);

    /// <summary>
    /// Stores the rows and folds the readings into the state. Readings are applied even when the store already had
    /// them: an earlier attempt may have stored them and then lost its state write.
    /// </summary>
    private async Task StoreAndApplyAsync(List<MeterValueRecord> rows, IReadOnlyList<MeterValue> meterValues)
    {
        var added = await meterStore.AppendAsync(rows, CancellationToken.None);
        State.MeterValueCount = added == rows.Count
            ? State.MeterValueCount + added
            : await meterStore.CountByTransactionAsync(TransactionId, CancellationToken.None);
        Apply(meterValues);
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
}
