using OrleansCsms.Grains;
using OrleansCsms.Storage;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class SingleActivationTests(GrainSiloFixture fixture)
{
    [Fact]
    public async Task A_stale_activation_on_another_silo_cannot_overwrite_a_newer_write()
    {
        await using var other = await fixture.StartSiloAsync();
        var id = Fresh.ChargePointId();
        var current = fixture.Silo.Grains.GetGrain<IChargePointGrain>(id);
        var stale = other.Grains.GetGrain<IChargePointGrain>(id);
        await current.RegisterAsync(new ChargePointRegistration(null, null, null));
        Assert.NotNull(await stale.GetAsync());

        await current.StatusAsync(new ConnectorStatusReport(1, "Charging", "NoError"));
        var lost = await Record.ExceptionAsync(() => stale.StatusAsync(new ConnectorStatusReport(1, "Faulted", "OtherError")));

        Assert.True(lost is Orleans.Storage.InconsistentStateException,
            $"Expected the write of the stale activation of charge point {id} to fail with InconsistentStateException, but got {lost?.GetType().Name ?? "success"}.");
        var stored = await fixture.Silo.States.ReadAsync(new GrainStateKey(GrainTypes.ChargePoint, id), CancellationToken.None);
        Assert.True(stored?.Json.Contains("\"Charging\"", StringComparison.Ordinal) == true && !stored.Json.Contains("\"Faulted\"", StringComparison.Ordinal),
            $"Expected the stored state of charge point {id} to keep the newer Charging status, but it is {stored?.Json}.");
        var reread = await stale.GetAsync();
        Assert.True(reread?.Connectors[1].Status == "Charging",
            $"Expected the next call on the other silo to read charge point {id} afresh (Charging), but it read {reread?.Connectors[1].Status}.");
    }
}
