using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block J (meter values), CSMS side: clock-aligned and sampled readings, in MeterValues and in a
/// transaction's events, with every measurand, phase, location, unit and signature kept, and the transaction's energy
/// taken from its energy register whatever the unit's multiplier.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class MeterValueTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    private static readonly object Signature = new
    {
        signedMeterData = "T0NNRnx7IkZWIjoiMS4wIiwiUkQiOlt7IlJWIjoiMTIzNC41In1dfQ==",
        signingMethod = "ECDSA-secp256r1-SHA256",
        encodingMethod = "OCMF",
        publicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
    };

    [Fact]
    public async Task TC_J_01_CSMS_Clock_aligned_meter_values_without_a_transaction_are_answered_for_the_station_and_each_EVSE()
    {
        var station = await BootedStationAsync();
        var aligned = ClockAligned(0);

        foreach (var evseId in new[] { 0, OcttStation.Evse })
        {
            for (var i = 0; i < 3; i++)
            {
                var at = aligned.AddMinutes(15 * i);
                await station.AcknowledgedAsync("MeterValues", new { evseId, meterValue = new[] { Reading(at, "Sample.Clock", 10_000 + (i * 100)) } });
                await station.AcknowledgedAsync("NotifyEvent", FiscalMeteringEvent(at, evseId));
            }
        }

        var readings = await StationReadingsAsync(station, OcttStation.Evse);
        Assert.Equal(3 * 5, readings.Count(r => r.GetProperty("context").GetString() == "Sample.Clock"));
    }

    [Fact]
    public async Task TC_J_02_CSMS_Clock_aligned_values_of_an_ongoing_transaction_are_kept_per_phase()
    {
        var (station, _) = await ChargingStationAsync();
        var at = ClockAligned(1);

        await RawEventAsync(station, "Updated", "MeterValueClock", [Reading(at, "Sample.Clock", 4_000)]);

        var values = await TransactionValuesAsync(station);
        var currents = values.Where(v => v.GetProperty("measurand").GetString() == "Current.Import" && v.GetProperty("context").GetString() == "Sample.Clock").ToList();
        Assert.Equal(["L1", "L2", "L3"], currents.Select(c => c.GetProperty("phase").GetString()).Order());
        Assert.All(currents, c => Assert.Equal("A", c.GetProperty("unit").GetString()));
        Assert.Contains(values, v => v.GetProperty("measurand").GetString() == "Voltage" && v.GetProperty("phase").GetString() == "L1-N" && v.GetProperty("location").GetString() == "Outlet");
    }

    [Fact]
    public async Task TC_J_03_CSMS_The_Ended_event_carries_the_clock_aligned_values_gathered_during_the_transaction()
    {
        var (station, _) = await ChargingStationAsync();
        var at = ClockAligned(2);

        await RawEventAsync(station, "Ended", "EVCommunicationLost", [Reading(at, "Sample.Clock", 4_100), Reading(at.AddMinutes(15), "Sample.Clock", 4_600)],
            chargingState: "Idle", stoppedReason: "EVDisconnected");

        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.False(transaction.GetProperty("active").GetBoolean(), $"Expected the Ended event to end the transaction, but it is {transaction}.");
        Assert.Equal(4_600, transaction.GetProperty("meterStop").GetInt32());
        Assert.Equal(2, transaction.GetProperty("meterValues").EnumerateArray().Count(v => IsRegister(v) && v.GetProperty("context").GetString() == "Sample.Clock"));
    }

    [Fact]
    public async Task TC_J_04_CSMS_Signed_clock_aligned_values_are_kept_with_their_signature()
    {
        var (station, _) = await ChargingStationAsync();
        var at = ClockAligned(3);

        await station.AcknowledgedAsync("MeterValues", new { evseId = 0, meterValue = new[] { Reading(at, "Sample.Clock", 90_000, signed: true) } });
        await RawEventAsync(station, "Updated", "MeterValueClock", [Reading(at, "Sample.Clock", 4_200, signed: true)]);

        AssertSigned(await TransactionValuesAsync(station), "Sample.Clock");
        AssertSigned(await StationReadingsAsync(station, 0), "Sample.Clock");
    }

    [Fact]
    public async Task TC_J_07_CSMS_A_Started_event_with_its_EVSE_carries_Transaction_Begin_values_in_kWh()
    {
        var station = await BootedStationAsync();
        var transactionId = Guid.NewGuid().ToString();
        var at = DateTimeOffset.UtcNow;

        await RawEventAsync(station, "Started", "CablePluggedIn", [Reading(at, "Transaction.Begin", 2.5m, unit: "kWh")], transactionId, seqNo: 0, chargingState: "EVConnected");

        var transaction = await StationRecords.TransactionAsync(Host, station.Id, transactionId);
        Assert.Equal(2_500, transaction.GetProperty("meterStart").GetInt32());
        Assert.Equal(OcttStation.Evse, transaction.GetProperty("connectorId").GetInt32());
    }

    [Fact]
    public async Task TC_J_08_CSMS_Transaction_Begin_values_arrive_with_the_EVSE_after_an_authorization_without_one()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        var transactionId = Guid.NewGuid().ToString();
        var at = DateTimeOffset.UtcNow;
        await station.AuthorizeAsync(token);

        var authorized = await RawEventAsync(station, "Started", "Authorized", [], transactionId, seqNo: 0, evseId: null, idToken: token);
        await station.ConnectorStatusAsync("Occupied");
        await RawEventAsync(station, "Updated", "CablePluggedIn", [Reading(at, "Transaction.Begin", 1_200)], transactionId, seqNo: 1, chargingState: "EVConnected");
        await RawEventAsync(station, "Updated", "ChargingStateChanged", [], transactionId, seqNo: 2, chargingState: "Charging");

        OcttStation.AssertField(authorized.GetProperty("idTokenInfo"), "status", "Accepted", $"the Authorized event of {token}");
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, transactionId);
        Assert.Equal(1_200, transaction.GetProperty("meterStart").GetInt32());
        Assert.Contains(transaction.GetProperty("meterValues").EnumerateArray(), v => IsRegister(v) && v.GetProperty("context").GetString() == "Transaction.Begin");
    }

    [Fact]
    public async Task TC_J_09_CSMS_Periodic_sampled_values_count_towards_the_transactions_energy()
    {
        var (station, _) = await ChargingStationAsync();
        var before = (await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!)).GetProperty("meterStart").GetInt32();

        await RawEventAsync(station, "Updated", "MeterValuePeriodic", [Reading(DateTimeOffset.UtcNow, "Sample.Periodic", 9.5m, unit: "Wh", multiplier: 3)]);

        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(9_500 - before, transaction.GetProperty("energyWh").GetInt64());
        Assert.Equal(9_500m, decimal.Parse(transaction.GetProperty("lastReadings").GetProperty("Energy.Active.Import.Register").GetProperty("value").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TC_J_10_CSMS_Transaction_End_values_of_the_Ended_event_give_the_meter_stop()
    {
        var (station, _) = await ChargingStationAsync();
        var at = DateTimeOffset.UtcNow;

        await RawEventAsync(station, "Ended", "EVCommunicationLost", [Reading(at.AddSeconds(-30), "Sample.Periodic", 5_800), Reading(at, "Transaction.End", 6.0m, unit: "kWh")],
            chargingState: "Idle", stoppedReason: "EVDisconnected");

        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(6_000, transaction.GetProperty("meterStop").GetInt32());
        Assert.Equal(6_000 - transaction.GetProperty("meterStart").GetInt32(), transaction.GetProperty("energyWh").GetInt64());
    }

    [Fact]
    public async Task TC_J_11_CSMS_Signed_sampled_values_are_kept_with_their_signature_from_start_to_end()
    {
        var station = await BootedStationAsync();
        var transactionId = Guid.NewGuid().ToString();
        var at = DateTimeOffset.UtcNow;

        await RawEventAsync(station, "Started", "CablePluggedIn", [Reading(at, "Transaction.Begin", 1_000, signed: true)], transactionId, seqNo: 0, chargingState: "EVConnected");
        await RawEventAsync(station, "Updated", "MeterValuePeriodic", [Reading(at.AddMinutes(1), "Sample.Periodic", 1_500, signed: true)], transactionId, seqNo: 1, chargingState: "Charging");
        await RawEventAsync(station, "Ended", "EVCommunicationLost", [Reading(at.AddMinutes(2), "Transaction.End", 2_000, signed: true)], transactionId, seqNo: 2,
            chargingState: "Idle", stoppedReason: "EVDisconnected");

        var transaction = await StationRecords.TransactionAsync(Host, station.Id, transactionId);
        var values = transaction.GetProperty("meterValues").EnumerateArray().ToList();
        foreach (var context in new[] { "Transaction.Begin", "Sample.Periodic", "Transaction.End" })
        {
            AssertSigned(values, context);
        }

        Assert.Equal(1_000, transaction.GetProperty("energyWh").GetInt64());
    }

    /// <summary>
    /// A TransactionEvent with the given readings, of the station's current transaction unless another is named; the
    /// CSMS must answer it. It numbers the current transaction's events on from the station's count.
    /// </summary>
    private static async Task<JsonElement> RawEventAsync(
        OcttStation station,
        string eventType,
        string triggerReason,
        object[] meterValue,
        string? transactionId = null,
        int? seqNo = null,
        int? evseId = OcttStation.Evse,
        string? idToken = null,
        string? chargingState = null,
        string? stoppedReason = null)
    {
        var payload = new
        {
            eventType,
            timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            triggerReason,
            seqNo = seqNo ?? station.NextSeqNo++,
            transactionInfo = new { transactionId = transactionId ?? station.TransactionId, chargingState, stoppedReason },
            evse = evseId is { } id ? new { id, connectorId = OcttStation.Connector } : null,
            idToken = idToken is null ? null : V201Messages.IdToken(idToken),
            meterValue = meterValue.Length > 0 ? meterValue : null,
        };
        return await station.AcknowledgedAsync("TransactionEvent", payload);
    }

    /// <summary>A reading of the energy register, each phase's current and the first phase's voltage, optionally signed.</summary>
    private static object Reading(DateTimeOffset at, string context, decimal energy, string unit = "Wh", int multiplier = 0, bool signed = false) => new
    {
        timestamp = V201Messages.Timestamp(at),
        sampledValue = new object[]
        {
            new
            {
                value = energy,
                context,
                measurand = "Energy.Active.Import.Register",
                location = "Outlet",
                unitOfMeasure = new { unit, multiplier },
                signedMeterValue = signed ? Signature : null,
            },
            new { value = 16.0, context, measurand = "Current.Import", phase = "L1", location = "Outlet", unitOfMeasure = new { unit = "A" } },
            new { value = 15.8, context, measurand = "Current.Import", phase = "L2", location = "Outlet", unitOfMeasure = new { unit = "A" } },
            new { value = 16.2, context, measurand = "Current.Import", phase = "L3", location = "Outlet", unitOfMeasure = new { unit = "A" } },
            new { value = 230.1, context, measurand = "Voltage", phase = "L1-N", location = "Outlet", unitOfMeasure = new { unit = "V" } },
        },
    };

    private static object FiscalMeteringEvent(DateTimeOffset at, int evseId) => new
    {
        generatedAt = V201Messages.Timestamp(at),
        seqNo = 0,
        eventData = new[]
        {
            new
            {
                eventId = Random.Shared.Next(1, int.MaxValue),
                timestamp = V201Messages.Timestamp(at),
                trigger = "Periodic",
                actualValue = "10000",
                component = evseId == 0 ? (object)new { name = "FiscalMetering" } : new { name = "FiscalMetering", evse = new { id = evseId } },
                variable = new { name = "EnergyImport" },
                eventNotificationType = "HardWiredMonitor",
            },
        },
    };

    /// <summary>A clock-aligned instant in the past, a quarter of an hour apart per test, so that tests never share readings.</summary>
    private static DateTimeOffset ClockAligned(int quarter)
    {
        var now = DateTimeOffset.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        return hour.AddHours(-2).AddMinutes(15 * quarter);
    }

    private async Task<List<JsonElement>> TransactionValuesAsync(OcttStation station) =>
        [.. (await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!)).GetProperty("meterValues").EnumerateArray()];

    private async Task<List<JsonElement>> StationReadingsAsync(OcttStation station, int evseId) =>
        [.. (await Operator.GetAsync($"/api/charge-points/{station.Id}/meter-values?connectorId={evseId}")).GetProperty("items").EnumerateArray()];

    private static bool IsRegister(JsonElement value) => value.GetProperty("measurand").GetString() == "Energy.Active.Import.Register";

    private static void AssertSigned(List<JsonElement> values, string context)
    {
        var register = values.Where(v => IsRegister(v) && v.GetProperty("context").GetString() == context).ToList();
        Assert.True(register.Count > 0, $"Expected an energy reading of context {context}, but the values are {string.Join(", ", values)}.");
        Assert.All(register, v =>
        {
            Assert.True(v.TryGetProperty("signedMeterValue", out var signed) && signed.ValueKind == JsonValueKind.Object, $"Expected a signed reading to keep its signature, but it is {v}.");
            Assert.Equal("OCMF", signed.GetProperty("encodingMethod").GetString());
            Assert.Equal("ECDSA-secp256r1-SHA256", signed.GetProperty("signingMethod").GetString());
            Assert.StartsWith("T0NNRn", signed.GetProperty("signedMeterData").GetString(), StringComparison.Ordinal);
            Assert.Equal("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", signed.GetProperty("publicKey").GetString());
        });
    }
}
