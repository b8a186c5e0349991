using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

/// <summary>Transactions whose stop never came: ended by the CSMS or an operator, so that no tag stays blocked.</summary>
[Collection(GrainSiloCollection.Name)]
public sealed class TransactionEndTests(GrainSiloFixture fixture)
{
    private const string EnergyRegister = "Energy.Active.Import.Register";

    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_new_start_on_a_connector_with_an_open_transaction_ends_that_one_at_its_last_reading()
    {
        var charging = await Charging.StartAsync(Silo);
        await charging.ChargePoint.MeterValuesAsync(new MeterValuesReport(1, charging.TransactionId, [new MeterValue(Charging.At(60), [new SampledValue("1800", Measurand: EnergyRegister, Unit: "Wh")])]));

        // The same card again on the same connector: the charge point lost the first stop (a reboot, a lost queue).
        var next = await charging.ChargePoint.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(3600), 5000));

        var older = await charging.GetTransactionAsync(Silo);
        Assert.True(next.IdTagInfo.Status == "Accepted",
            $"Expected the new start with id tag {charging.IdTag} to be Accepted once the older transaction {charging.TransactionId} on the connector ended, but it was {next.IdTagInfo.Status}.");
        Assert.True(older is { Active: false, EndedBy: TransactionEnders.Csms, MeterStop: 1800, EnergyWh: 800 },
            $"Expected transaction {charging.TransactionId} to be ended by the CSMS at its last reading (meter 1800, 800 Wh), but it is active={older?.Active}, ended by {older?.EndedBy}, meter stop {older?.MeterStop}, {older?.EnergyWh} Wh.");
        Assert.Contains(next.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture), older!.EndNote, StringComparison.Ordinal);
        Assert.Equal([next.TransactionId], (await charging.ChargePoint.GetAsync())?.OpenTransactions.Values);
    }

    [Fact]
    public async Task A_boot_ends_the_transactions_left_open_and_frees_their_tags()
    {
        var charging = await Charging.StartAsync(Silo);
        var (other, otherId, _) = await Charging.PrepareAsync(Silo);

        await charging.ChargePoint.BootAsync(new BootInfo("Vendor", "Model"));
        var elsewhere = await other.StartTransactionAsync(new StartTransactionRequest(1, charging.IdTag, Charging.At(120), 0));

        var ended = await charging.GetTransactionAsync(Silo);
        Assert.True(ended is { Active: false, EndedBy: TransactionEnders.Csms, MeterStop: Charging.MeterStart },
            $"Expected transaction {charging.TransactionId} to be ended by the CSMS when its charge point booted, but it is active={ended?.Active}, ended by {ended?.EndedBy}.");
        Assert.True(elsewhere.IdTagInfo.Status == "Accepted",
            $"Expected id tag {charging.IdTag} to be free on {otherId} after the charge point holding it rebooted, but it was {elsewhere.IdTagInfo.Status}.");
        Assert.Empty((await charging.ChargePoint.GetAsync())!.OpenTransactions);
    }

    [Fact]
    public async Task A_stop_from_the_charge_points_queue_after_its_boot_replaces_the_CSMS_figures()
    {
        var charging = await Charging.StartAsync(Silo);
        await charging.ChargePoint.BootAsync(new BootInfo("Vendor", "Model"));

        var info = await charging.ChargePoint.StopTransactionAsync(new StopTransactionRequest(charging.TransactionId, Charging.At(900), 4200, charging.IdTag, "PowerLoss"));

        var stopped = await charging.GetTransactionAsync(Silo);
        Assert.True(stopped is { Active: false, EndedBy: TransactionEnders.ChargePoint, MeterStop: 4200, EnergyWh: 3200, StopReason: "PowerLoss" },
            $"Expected the charge point's own stop of transaction {charging.TransactionId} (meter 4200, PowerLoss) to replace the CSMS's end, but it has meter stop {stopped?.MeterStop}, reason {stopped?.StopReason}, ended by {stopped?.EndedBy}.");
        Assert.Equal(Charging.At(900), stopped!.StopTimestamp);
        Assert.Equal("Accepted", info?.Status);
    }

    [Fact]
    public async Task An_operator_ends_a_transaction_without_its_charge_point_and_a_second_end_changes_nothing()
    {
        var charging = await Charging.StartAsync(Silo);

        var first = await charging.ChargePoint.EndTransactionAsync(charging.TransactionId, new TransactionEnd(TransactionEnders.Operator, "Card reported stolen"));
        Silo.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await charging.ChargePoint.EndTransactionAsync(charging.TransactionId, new TransactionEnd(TransactionEnders.Operator, "Again"));

        Assert.True(first is { Active: false, EndedBy: TransactionEnders.Operator, EndNote: "Card reported stolen", StopReason: "Other" },
            $"Expected transaction {charging.TransactionId} to be ended by an operator with its note, but it is active={first?.Active}, ended by {first?.EndedBy}, note {first?.EndNote}.");
        Assert.Equal((first!.StopTimestamp, "Card reported stolen"), (second?.StopTimestamp, second?.EndNote));
        Assert.Empty((await charging.ChargePoint.GetAsync())!.OpenTransactions);
    }

    [Fact]
    public async Task A_new_activation_rebuilds_energy_and_readings_from_the_stored_meter_values()
    {
        var charging = await Charging.StartAsync(Silo);
        await charging.ChargePoint.MeterValuesAsync(new MeterValuesReport(1, charging.TransactionId, [
            new MeterValue(Charging.At(60), [new SampledValue("1500", Measurand: EnergyRegister, Unit: "Wh"), new SampledValue("16.0", Measurand: "Current.Import", Phase: "L1", Unit: "A")]),
            new MeterValue(Charging.At(120), [new SampledValue("2100", Measurand: EnergyRegister, Unit: "Wh")])]));
        await using var other = await fixture.StartSiloAsync();

        // The summary is written now and then, not per MeterValues; a silo that lost it rebuilds it from what was committed.
        var rebuilt = await other.Grains.GetGrain<ITransactionGrain>(charging.TransactionId).GetAsync();

        Assert.True(rebuilt is { EnergyWh: 1100, MeterValueCount: 3 } && rebuilt.LastMeterValueAt == Charging.At(120),
            $"Expected another activation of transaction {charging.TransactionId} to rebuild 1100 Wh from 3 stored values up to {Charging.At(120):u}, but it has {rebuilt?.EnergyWh} Wh from {rebuilt?.MeterValueCount} at {rebuilt?.LastMeterValueAt:u}.");
        Assert.Equal("16.0", rebuilt!.LastReadings["Current.Import/L1"].Value);
    }
}
