using System.Text.Json;
using Npgsql;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

public sealed class QueuedCommandStateTests
{
    /// <summary>
    /// PostgreSQL's jsonb keeps an object's keys shortest first, so a command's "command" discriminator comes back after
    /// its shorter fields ("type", "key"): the state must read back all the same.
    /// </summary>
    [Fact]
    public async Task Queued_commands_read_back_from_jsonb_as_they_were_written()
    {
        var at = new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero);
        var state = new ChargePointState { Id = "CP-1", Registered = true, NextQueuedCommandId = 4 };
        state.QueuedCommands.Add(new QueuedCommand(1, new ResetCommand("Soft"), at, at.AddHours(1)));
        state.QueuedCommands.Add(new QueuedCommand(2, new ChangeConfigurationCommand("HeartbeatInterval", "60"), at, at.AddHours(1)) { Status = "Delivered", SettledAt = at, Answer = """{"status":"Accepted"}""" });
        state.QueuedCommands.Add(new QueuedCommand(3, new GetConfigurationCommand(["A", "B"]), at, at.AddHours(1)) { Status = "Failed", Error = "NotSupported: no" });

        await using var database = await TestDatabase.CreateAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var roundTrip = new NpgsqlCommand("SELECT @state::jsonb::text", connection);
        roundTrip.Parameters.AddWithValue("state", JsonSerializer.Serialize(state, GrainJson.Options));
        var stored = (string)(await roundTrip.ExecuteScalarAsync())!;
        var read = JsonSerializer.Deserialize<ChargePointState>(stored, GrainJson.Options)!;

        Assert.True(
            read.QueuedCommands.Count == 3 && read.NextQueuedCommandId == 4
            && read.QueuedCommands[0] == state.QueuedCommands[0] && read.QueuedCommands[1] == state.QueuedCommands[1]
            && read.QueuedCommands[2].Command is GetConfigurationCommand { Keys: ["A", "B"] } && read.QueuedCommands[2].Error == "NotSupported: no",
            $"Expected the queued commands to read back as written, but {stored} read back differently.");
    }
}
