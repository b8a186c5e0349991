using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class MeterValuesTests(GrainSiloFixture fixture)
{
    private const string EnergyRegister = "Energy.Active.Import.Register";

    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task Energy_is_the_energy_register_reading_minus_meter_start_in_Wh_or_kWh()
    {
        var charging = await Charging.StartAsync(Silo);

        await charging.ChargePoint.MeterValuesAsync(Report(charging, Charging.At(10), new SampledValue("1500", Measurand: EnergyRegister, Unit: "Wh")));
        var inWh = await charging.GetTransactionAsync(Silo);
        await charging.ChargePoint.MeterValuesAsync(Report(charging, Charging.At(20), new SampledValue("2.75", Measurand: EnergyRegister, Unit: "kWh")));
        var inKWh = await charging.GetTransactionAsync(Silo);

        Assert.True(inWh?.EnergyWh == 500, $"Expected transaction {charging.TransactionId} to have 1500 Wh − 1000 Wh = 500 Wh, but it has {inWh?.EnergyWh}.");
        Assert.NotNull(inKWh);
        Assert.True(inKWh.EnergyWh == 1750, $"Expected transaction {charging.TransactionId} to have 2.75 kWh − 1000 Wh = 1750 Wh, but it has {inKWh.EnergyWh}.");
        Assert.Equal((2, Charging.At(20)), (inKWh.MeterValueCount, inKWh.LastMeterValueAt));
    }

    [Fact]
    public async Task A_sample_without_a_measurand_is_the_energy_register()
    {
        var charging = await Charging.StartAsync(Silo);

        await charging.ChargePoint.MeterValuesAsync(Report(charging, Charging.At(10), new SampledValue("1234")));

        var transaction = await charging.GetTransactionAsync(Silo);
        Assert.True(transaction?.EnergyWh == 234, $"Expected transaction {charging.TransactionId} to read an unnamed sample as the energy register (234 Wh), but it has {transaction?.EnergyWh}.");
    }

    [Fact]
    public async Task A_replayed_MeterValues_changes_neither_the_count_nor_the_energy()
    {
        var charging = await Charging.StartAsync(Silo);
        var report = Report(
            charging,
            Charging.At(10),
            new SampledValue("1600", Measurand: EnergyRegister, Unit: "Wh"),
            new SampledValue("16.0", Measurand: "Current.Import", Phase: "L1", Unit: "A"));
        await charging.ChargePoint.MeterValuesAsync(report);
        var first = await charging.GetTransactionAsync(Silo);

        await charging.ChargePoint.MeterValuesAsync(report);
        await charging.ChargePoint.MeterValuesAsync(report with { MeterValues = [.. report.MeterValues] });

        var replayed = await charging.GetTransactionAsync(Silo);
        Assert.True(first is { MeterValueCount: 2, EnergyWh: 600 }, $"Expected transaction {charging.TransactionId} to count 2 samples and 600 Wh after the first report.");
        Assert.True(replayed is { MeterValueCount: 2, EnergyWh: 600 },
            $"Expected replays to leave transaction {charging.TransactionId} at 2 samples and 600 Wh, but it has {replayed?.MeterValueCount} samples and {replayed?.EnergyWh} Wh.");
    }

    private static MeterValuesReport Report(Charging charging, DateTimeOffset at, params SampledValue[] samples) =>
        new(1, charging.TransactionId, [new MeterValue(at, samples)]);
}
