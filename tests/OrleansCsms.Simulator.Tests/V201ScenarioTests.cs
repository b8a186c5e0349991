using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator.Tests;

/// <summary>
/// The bundled scenarios played in OCPP 2.0.1 against the real host (transactions as TransactionEvents), and a 2.0.1
/// fleet station walking an operator's firmware update through to Installed.
/// </summary>
[Collection(EmbeddedHostCollection.Name)]
public sealed class V201ScenarioTests(EmbeddedHost host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_offline_scenario_delivers_its_events_after_the_reconnect_flagged_offline_and_the_books_balance()
    {
        var (runner, output, identity) = await ScenarioAsync("offline-transaction.json");
        await using (runner)
        {
            var exitCode = await runner.RunAsync(CancellationToken.None);

            Assert.True(exitCode == ScenarioRunner.Passed, output.ToString());
        }

        var transaction = Assert.Single(await host.TransactionsOfAsync(identity));
        var stored = await host.Api.GetFromJsonAsync<JsonElement>($"transactions/{transaction.Id}");
        Assert.Equal((false, 1000, 3000, 2000L), (transaction.Active, transaction.MeterStart, transaction.MeterStop, transaction.EnergyWh));
        Assert.Equal("EVDisconnected", transaction.StopReason);

        // Two Updated events were made while the network was down, and the Ended event after it came back.
        var station = stored.GetProperty("station");
        Assert.True(station.GetProperty("offlineEvents").GetBoolean() && station.GetProperty("receivedSeqNos").GetString() == "0-5",
            $"Expected six events, seqNo 0 to 5, some flagged offline, but the transaction reads {station}.");
        Assert.Contains("\"offline\":true", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_begun_offline_is_replayed_whole_after_the_reconnect()
    {
        var (runner, output, identity) = await ScenarioAsync("started-offline.json");
        await using (runner)
        {
            var exitCode = await runner.RunAsync(CancellationToken.None);

            Assert.True(exitCode == ScenarioRunner.Passed, output.ToString());
        }

        var transaction = Assert.Single(await host.TransactionsOfAsync(identity));
        Assert.Equal((false, 0, 750, 750L, "Local"), (transaction.Active, transaction.MeterStart, transaction.MeterStop, transaction.EnergyWh, transaction.StopReason));
    }

    [Fact]
    public async Task The_protocol_errors_scenario_gets_each_CALLERROR_it_expects()
    {
        var (runner, output, _) = await ScenarioAsync("protocol-errors.json");
        await using (runner)
        {
            var exitCode = await runner.RunAsync(CancellationToken.None);

            Assert.True(exitCode == ScenarioRunner.Passed, output.ToString());
        }
    }

    [Fact]
    public async Task The_remote_start_scenario_charges_under_the_remoteStartId_the_operator_s_start_gave()
    {
        var (runner, output, identity) = await ScenarioAsync("remote-start.json");
        await using (runner)
        {
            var playing = runner.RunAsync(CancellationToken.None);
            await EmbeddedHost.EventuallyAsync(() => Task.FromResult(Says(output, "expect a RemoteStartTransaction")), $"{identity} waiting for the remote start");

            await PostAsync($"charge-points/{identity}/remote-start", new { connectorId = 1, idTag = "SCN-TAG-1" });
            EmbeddedHost.TransactionView? transaction = null;
            await EmbeddedHost.EventuallyAsync(
                async () => Says(output, "expect a RemoteStopTransaction") && (transaction = (await host.TransactionsOfAsync(identity)).SingleOrDefault()) is { Active: true },
                $"the remote-started transaction of {identity} charging, waiting for the remote stop");
            await PostAsync($"charge-points/{identity}/remote-stop", new { transactionId = transaction!.Id });

            Assert.True(await playing.WaitAsync(Patience) == ScenarioRunner.Passed, output.ToString());
            var stored = await host.Api.GetFromJsonAsync<JsonElement>($"transactions/{transaction.Id}");
            Assert.True(stored.GetProperty("station").TryGetProperty("remoteStartId", out var remoteStartId) && remoteStartId.ValueKind == JsonValueKind.Number,
                $"Expected the transaction to carry the remoteStartId of the remote start, but it reads {stored}.");
            Assert.Equal((false, "Remote"), (stored.GetProperty("active").GetBoolean(), stored.GetProperty("stopReason").GetString()));
        }
    }

    [Fact]
    public async Task A_fleet_station_answers_UpdateFirmware_and_reports_each_step_until_Installed()
    {
        var prefix = $"U{Guid.NewGuid():N}"[..10];
        var settings = new SimulationSettings
        {
            Endpoint = host.OcppEndpoint,
            OcppVersion = OcppVersion.V201,
            IdPrefix = prefix,
            ChargePoints = 1,
            Connectors = 1,
            AutoSessions = false,
            RampUpPerSecond = 0,
        };
        await using var simulation = new Simulation(settings);
        simulation.Start();
        Assert.True(await simulation.WaitForAcceptedAsync(1, Patience, CancellationToken.None), "The station did not boot.");
        var identity = settings.IdentityOf(1);

        using var response = await host.Api.PostAsJsonAsync(
            $"charge-points/{identity}/update-firmware", new { location = "https://firmware.example.com/sim.bin", retrieveDate = DateTimeOffset.UtcNow });
        response.EnsureSuccessStatusCode();
        var jobId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt32();

        JsonElement job = default;
        await EmbeddedHost.EventuallyAsync(
            async () => (job = await host.Api.GetFromJsonAsync<JsonElement>($"jobs/{jobId}")).GetProperty("finished").GetBoolean(),
            $"job {jobId} of {identity} finishing");
        var history = job.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString());
        Assert.Equal(["Downloading", "Downloaded", "Installing", "Installed"], history);
        Assert.Equal("Installed", job.GetProperty("state").GetString());
        await simulation.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(simulation.Metrics.Errors);
    }

    /// <summary>A bundled scenario under a fresh identity (the 1.6 tests play the same files), its tags created, ready to play in 2.0.1.</summary>
    private async Task<(ScenarioRunner Runner, StringWriter Output, string Identity)> ScenarioAsync(string file)
    {
        var bundled = await ScenarioScript.LoadAsync(Path.Combine(AppContext.BaseDirectory, "scenarios", file), CancellationToken.None);
        var script = bundled with { Identity = $"S201-{Guid.NewGuid():N}"[..20] };
        if (script.IdTags() is { Count: > 0 } tags)
        {
            await host.CreateIdTagsAsync([.. tags]);
        }

        var output = new StringWriter();
        return (new ScenarioRunner(script, host.OcppEndpoint, null, TextWriter.Synchronized(output), OcppVersion.V201), output, script.Identity);
    }

    private static bool Says(StringWriter output, string text) => output.ToString().Contains(text, StringComparison.Ordinal);

    private async Task PostAsync(string path, object body)
    {
        using var response = await host.Api.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"Expected POST {path} to succeed, but it answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
