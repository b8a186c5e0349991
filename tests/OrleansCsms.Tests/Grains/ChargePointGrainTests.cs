using System.Text.Json;
using OrleansCsms.Grains;
using OrleansCsms.Storage;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class ChargePointGrainTests(GrainSiloFixture fixture)
{
    private const string Password = "a-long-machine-made-secret-1";

    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task An_unknown_charge_point_is_refused_under_closed_admission_and_not_registered()
    {
        var id = Fresh.ChargePointId();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);

        var outcome = await chargePoint.AdmitAsync(new AdmissionRequest(Password: null, OpenAdmission: false));

        Assert.True(outcome == AdmissionOutcome.UnknownChargePoint, $"Expected charge point {id} to be refused as unknown under closed admission, but got {outcome}.");
        Assert.Null(await chargePoint.GetAsync());
    }

    [Fact]
    public async Task An_unknown_charge_point_is_admitted_and_registers_itself_under_open_admission()
    {
        var id = Fresh.ChargePointId();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);

        var outcome = await chargePoint.AdmitAsync(new AdmissionRequest(Password: null, OpenAdmission: true));

        Assert.True(outcome == AdmissionOutcome.Admitted, $"Expected charge point {id} to be admitted under open admission, but got {outcome}.");
        var state = await chargePoint.GetAsync();
        Assert.True(state is { Registered: true }, $"Expected charge point {id} to be registered after open admission.");
        Assert.Equal(id, state.Id);
    }

    [Theory]
    [InlineData(null, AdmissionOutcome.BadCredentials)]
    [InlineData("not-the-password-at-all", AdmissionOutcome.BadCredentials)]
    [InlineData(Password, AdmissionOutcome.Admitted)]
    public async Task A_charge_point_with_a_password_is_admitted_only_with_that_password(string? presented, AdmissionOutcome expected)
    {
        var id = Fresh.ChargePointId();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);
        await chargePoint.RegisterAsync(new ChargePointRegistration("Test", null, Password));

        foreach (var open in new[] { false, true })
        {
            var outcome = await chargePoint.AdmitAsync(new AdmissionRequest(presented, open));

            Assert.True(outcome == expected,
                $"Expected charge point {id} presenting {(presented is null ? "no password" : $"'{presented}'")} (open admission: {open}) to get {expected}, but got {outcome}.");
        }
    }

    [Fact]
    public async Task A_registered_charge_point_boots_Accepted_with_the_heartbeat_interval()
    {
        var id = Fresh.ChargePointId();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);
        await chargePoint.RegisterAsync(new ChargePointRegistration(null, null, null));

        var boot = await chargePoint.BootAsync(new BootInfo("Vendor", "Model"));

        Assert.True(boot.Status == "Accepted", $"Expected registered charge point {id} to boot Accepted, but got {boot.Status}.");
        Assert.Equal(new ChargePointOptions().HeartbeatIntervalSeconds, boot.IntervalSeconds);
        Assert.Equal(Silo.Time.GetUtcNow(), boot.CurrentTime);
        var state = await chargePoint.GetAsync();
        Assert.Equal("Accepted", state?.BootStatus);
        Assert.Equal("Model", state?.Boot?.Model);
    }

    [Fact]
    public async Task A_self_registered_charge_point_boots_Pending_with_the_retry_interval_until_an_operator_registers_it()
    {
        await using var silo = await fixture.StartSiloAsync(new Dictionary<string, string?>
        {
            ["Ocpp:NewChargePointBootStatus"] = "Pending",
            ["Ocpp:BootRetryIntervalSeconds"] = "77",
        });
        var id = Fresh.ChargePointId();
        var chargePoint = silo.Grains.GetGrain<IChargePointGrain>(id);
        await chargePoint.AdmitAsync(new AdmissionRequest(null, OpenAdmission: true));

        var pending = await chargePoint.BootAsync(new BootInfo("Vendor", "Model"));
        await chargePoint.RegisterAsync(new ChargePointRegistration("Approved", null, null));
        var accepted = await chargePoint.BootAsync(new BootInfo("Vendor", "Model"));

        Assert.True(pending is { Status: "Pending", IntervalSeconds: 77 },
            $"Expected self-registered charge point {id} to boot Pending with the 77 s retry interval, but got {pending.Status} with {pending.IntervalSeconds} s.");
        Assert.True(accepted.Status == "Accepted", $"Expected charge point {id} to boot Accepted once registered by an operator, but got {accepted.Status}.");
    }

    [Fact]
    public async Task Status_is_kept_per_connector_and_connector_0_is_the_charge_points_own_status()
    {
        var id = Fresh.ChargePointId();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);
        await chargePoint.RegisterAsync(new ChargePointRegistration(null, null, null));

        await chargePoint.StatusAsync(new ConnectorStatusReport(0, "Available", "NoError"));
        await chargePoint.StatusAsync(new ConnectorStatusReport(1, "Charging", "NoError"));
        await chargePoint.StatusAsync(new ConnectorStatusReport(2, "Faulted", "GroundFailure", Info: "Leak"));

        var state = await chargePoint.GetAsync();
        Assert.NotNull(state);
        Assert.True(state.Status == "Available", $"Expected charge point {id} to take connector 0's Available as its own status, but it is {state.Status}.");
        Assert.Equal("Available", state.Connectors[0].Status);
        Assert.Equal("Charging", state.Connectors[1].Status);
        Assert.Equal(("Faulted", "GroundFailure", "Leak"), (state.Connectors[2].Status, state.Connectors[2].ErrorCode, state.Connectors[2].Info));
    }

    [Fact]
    public async Task A_heartbeat_kept_in_memory_is_written_by_the_flush_timer_within_its_period()
    {
        await using var silo = await fixture.StartSiloAsync(new Dictionary<string, string?> { ["Ocpp:HeartbeatPersistSeconds"] = "1" });
        var id = Fresh.ChargePointId();
        var chargePoint = silo.Grains.GetGrain<IChargePointGrain>(id);
        await chargePoint.RegisterAsync(new ChargePointRegistration(null, null, null));
        silo.Time.Advance(TimeSpan.FromMinutes(5));

        var heartbeatAt = await chargePoint.HeartbeatAsync();

        // Timers run on the silo's clock; moving it on and waiting in real time both let a 1 s period pass.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        DateTimeOffset? stored;
        while ((stored = await StoredHeartbeatAsync(silo, id)) != heartbeatAt && DateTime.UtcNow < deadline)
        {
            silo.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
        }

        Assert.True(stored == heartbeatAt,
            $"Expected the heartbeat of charge point {id} at {heartbeatAt:O} to be stored within its 1 s flush period with no other write, but the stored one is {stored:O}.");
    }

    private static async Task<DateTimeOffset?> StoredHeartbeatAsync(GrainSilo silo, string id)
    {
        var stored = await silo.States.ReadAsync(new GrainStateKey(GrainTypes.ChargePoint, id), CancellationToken.None);
        return stored is null ? null : JsonSerializer.Deserialize<ChargePointState>(stored.Json, GrainJson.Options)?.LastHeartbeatAt;
    }
}
