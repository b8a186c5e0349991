namespace OrleansCsms.Simulator.Tests;

[Collection(EmbeddedHostCollection.Name)]
public sealed class ScenarioTests(EmbeddedHost host)
{
    [Fact]
    public async Task Offline_scenario_delivers_its_queue_in_order_and_the_books_show_the_energy_sent()
    {
        var script = await ScenarioScript.LoadAsync(Path.Combine(AppContext.BaseDirectory, "scenarios", "offline-transaction.json"), CancellationToken.None);
        await host.CreateIdTagsAsync([.. script.IdTags()]);
        var output = new StringWriter();

        await using var runner = new ScenarioRunner(script, host.OcppEndpoint, null, TextWriter.Synchronized(output));
        var exitCode = await runner.RunAsync(CancellationToken.None);

        Assert.True(exitCode == ScenarioRunner.Passed, output.ToString());
        var transaction = Assert.Single(await host.TransactionsOfAsync(script.Identity));
        var stored = await host.TransactionAsync(transaction.Id);
        Assert.False(stored.Active);
        Assert.Equal((1000, 3000, 2000L), (stored.MeterStart, stored.MeterStop, stored.EnergyWh));

        // Four MeterValues of seven sampled values each, two of them sent after the reconnect, plus the stop's two.
        Assert.Equal((4 * ConnectorMeter.SampledValuesPerSample) + TransactionMessages.StopSampledValues, stored.MeterValueCount);
        Assert.Contains("2 queued message(s) delivered in order", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_started_offline_is_stopped_with_the_id_its_queued_start_gets()
    {
        var identity = $"SCN-{Guid.NewGuid():N}"[..20];
        var script = ScenarioScript.Parse($$"""
            { "identity": "{{identity}}", "steps": [
                { "send": "BootNotification" },
                { "disconnect": true },
                { "startTransaction": { "connectorId": 1, "idTag": "T{{identity[4..14]}}", "meterStart": 100 } },
                { "meterValues": { "count": 2, "energyStepWh": 50 } },
                { "stopTransaction": { "meterStop": 400 } },
                { "reconnect": true }
            ] }
            """);
        var output = new StringWriter();

        await using var runner = new ScenarioRunner(script, host.OcppEndpoint, null, TextWriter.Synchronized(output));
        var exitCode = await runner.RunAsync(CancellationToken.None);

        Assert.True(exitCode == ScenarioRunner.Passed, output.ToString());
        var transaction = Assert.Single(await host.TransactionsOfAsync(identity));
        Assert.Equal((false, 100, 400, 300L), (transaction.Active, transaction.MeterStart, transaction.MeterStop, transaction.EnergyWh));
    }

    [Fact]
    public async Task An_unexpected_CALLERROR_fails_the_scenario_and_an_expected_one_does_not()
    {
        var identity = $"SCN-{Guid.NewGuid():N}"[..20];
        var script = ScenarioScript.Parse($$"""
            { "identity": "{{identity}}", "steps": [
                { "raw": "[2,\"a\",\"NoSuchAction\",{}]", "expectError": "NotImplemented" },
                { "send": "Authorize", "payload": {} }
            ] }
            """);
        var output = new StringWriter();

        await using var runner = new ScenarioRunner(script, host.OcppEndpoint, null, TextWriter.Synchronized(output));
        var exitCode = await runner.RunAsync(CancellationToken.None);

        Assert.Equal(ScenarioRunner.Failed, exitCode);
        var failure = Assert.Single(runner.Failures);
        Assert.StartsWith("step 2: Authorize got an unexpected CALLERROR", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_that_does_two_things_is_refused_when_the_file_is_read()
    {
        var error = Assert.Throws<InvalidDataException>(() => ScenarioScript.Parse("""
            { "identity": "X", "steps": [ { "send": "Heartbeat", "wait": 1 } ] }
            """));

        Assert.Contains("Step 1 must do exactly one thing", error.Message, StringComparison.Ordinal);
    }
}
