using System.Net.Http.Json;

namespace OrleansCsms.Simulator.Tests;

[Collection(EmbeddedHostCollection.Name)]
public sealed class FleetTests(EmbeddedHost host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Every_acknowledged_session_is_stored_with_the_energy_and_meter_values_sent()
    {
        var prefix = $"F{Guid.NewGuid():N}"[..10];
        var tags = Enumerable.Range(1, 3).Select(i => $"{prefix}-T{i}").ToArray();
        await host.CreateIdTagsAsync(tags);
        var settings = new SimulationSettings
        {
            Endpoint = host.OcppEndpoint,
            IdPrefix = prefix,
            ChargePoints = 3,
            Connectors = 1,
            IdTags = tags,
            SessionsPerChargePoint = 2,
            SessionLength = TimeSpan.FromMinutes(3),
            MeterInterval = TimeSpan.FromMinutes(1),
            ThinkTime = TimeSpan.Zero,
            Speed = 0,
            RampUpPerSecond = 0,
            KeepTransactions = true,
            Seed = 7,
        };

        await using var simulation = new Simulation(settings);
        simulation.Start();
        using (var timeout = new CancellationTokenSource(Patience))
        {
            await simulation.WhenSessionsDoneAsync(timeout.Token);
        }

        await simulation.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(simulation.Metrics.Errors);
        Assert.Equal(6, simulation.Metrics.CompletedTransactions.Count);
        foreach (var sent in simulation.Metrics.CompletedTransactions)
        {
            var stored = await host.TransactionAsync(sent.TransactionId!.Value);
            Assert.Equal(sent.ChargePointId, stored.ChargePointId);
            Assert.Equal((false, sent.MeterStart, sent.MeterStop, (long)sent.MeterStop - sent.MeterStart), (stored.Active, stored.MeterStart, stored.MeterStop, stored.EnergyWh));
            Assert.Equal(sent.SampledValuesSent, stored.MeterValueCount);
            Assert.Equal(3, sent.MeterValuesSent);
        }
    }

    [Fact]
    public async Task Remote_start_charges_a_session_that_remote_stop_ends_and_reset_reboots_the_charge_point()
    {
        var prefix = $"R{Guid.NewGuid():N}"[..10];
        var settings = new SimulationSettings
        {
            Endpoint = host.OcppEndpoint,
            IdPrefix = prefix,
            ChargePoints = 1,
            Connectors = 1,
            AutoSessions = false,
            SessionLength = TimeSpan.FromHours(1),
            MeterInterval = TimeSpan.FromSeconds(1),
            RampUpPerSecond = 0,
        };
        await using var simulation = new Simulation(settings);
        simulation.Start();
        Assert.True(await simulation.WaitForAcceptedAsync(1, Patience, CancellationToken.None), "The charge point did not boot.");
        var identity = settings.IdentityOf(1);

        var started = await PostAsync($"charge-points/{identity}/remote-start", new { connectorId = 1, idTag = $"{prefix}-TAG" });
        Assert.Equal("Accepted", started);
        EmbeddedHost.TransactionView? transaction = null;
        await EmbeddedHost.EventuallyAsync(
            async () => (transaction = (await host.TransactionsOfAsync(identity)).SingleOrDefault()) is { Active: true },
            $"the remote-started transaction of {identity}");

        Assert.Equal("Accepted", await PostAsync($"charge-points/{identity}/remote-stop", new { transactionId = transaction!.Id }));
        await EmbeddedHost.EventuallyAsync(
            async () => (await host.TransactionAsync(transaction.Id)) is { Active: false, StopReason: "Remote" },
            $"transaction {transaction.Id} stopped with reason Remote");

        Assert.Equal("Accepted", await PostAsync($"charge-points/{identity}/reset", new { type = "Soft" }));
        await EmbeddedHost.EventuallyAsync(
            () => Task.FromResult(simulation.Metrics.Actions["BootNotification"].Answered == 2 && simulation.ChargePoints[0].IsBooted),
            $"{identity} booting again after the reset");
        Assert.Equal(0, simulation.Metrics.Disconnects);
    }

    private async Task<string?> PostAsync(string path, object body)
    {
        using var response = await host.Api.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<StatusAnswer>())?.Status;
    }

    private sealed record StatusAnswer(string Status);
}
