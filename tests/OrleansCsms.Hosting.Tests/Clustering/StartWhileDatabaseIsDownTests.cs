using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using OrleansCsms.Hosting.Clustering;

namespace OrleansCsms.Hosting.Tests.Clustering;

/// <summary>A silo or client started before its database waits for it, saying so, instead of aborting.</summary>
public sealed class StartWhileDatabaseIsDownTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>
{
    // Port 1 on loopback: nothing listens there, so every connection attempt is refused at once.
    private static readonly string ClosedPort =
        new NpgsqlConnectionStringBuilder(PostgresDatabaseFixture.AdminConnectionString) { Host = "127.0.0.1", Port = 1, Database = "csms_nowhere" }.ConnectionString;

    [Fact]
    public async Task Membership_initialisation_against_a_closed_port_keeps_waiting_and_warns_on_every_attempt()
    {
        var logger = new RecordingLogger<ClusteringDatabase>();
        await using var database = PostgresDatabaseFixture.Open(ClosedPort, logger);
        var table = new PostgresMembershipTable(database, ClusterOf("cluster"), new RecordingLogger<PostgresMembershipTable>());
        using var stop = new CancellationTokenSource();

        var initializing = table.InitializeMembershipTableAsync(tryInitTableVersion: true, stop.Token);
        await logger.WaitForWarningsAsync(2, "two warnings about the unreachable database");

        Assert.False(initializing.IsCompleted, $"Expected initialisation to keep waiting for the database, but it ended {initializing.Status}.");
        var warning = logger.Warnings.First();
        Assert.True(
            warning.StartsWith("PostgreSQL at 127.0.0.1:1/csms_nowhere is not reachable (", StringComparison.Ordinal) && warning.EndsWith("); retrying in 0.1 s", StringComparison.Ordinal),
            $"Expected a warning naming the endpoint, the reason and the retry interval, found: {warning}");
        Assert.DoesNotContain("Password", warning, StringComparison.OrdinalIgnoreCase);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => initializing.Within("initialisation to stop once cancelled"));
    }

    [Fact]
    public async Task Gateway_and_reminder_initialisation_wait_for_the_database_too()
    {
        var logger = new RecordingLogger<ClusteringDatabase>();
        await using var database = PostgresDatabaseFixture.Open(ClosedPort, logger);
        var gateways = new PostgresGatewayListProvider(database, ClusterOf("cluster"), Options.Create(new PostgresClusteringOptions()));
        var reminders = new PostgresReminderTable(database, ClusterOf("service"));
        using var stop = new CancellationTokenSource();

        var starting = new[] { gateways.InitializeGatewayListProviderAsync(stop.Token), reminders.StartAsync(stop.Token) };
        await logger.WaitForWarningsAsync(4, "warnings from both the gateway list and the reminder table");

        Assert.True(starting.All(task => !task.IsCompleted), "Expected the gateway list and the reminder table to keep waiting for the database.");
        await stop.CancelAsync();
        foreach (var task in starting)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.Within("initialisation to stop once cancelled"));
        }
    }

    [Fact]
    public async Task Initialisation_completes_once_the_database_it_waits_for_exists()
    {
        // The server answers but the database is not there yet, as while an init script is still creating it.
        var name = $"csms_test_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Database = name }.ConnectionString;
        var logger = new RecordingLogger<ClusteringDatabase>();
        await using var database = PostgresDatabaseFixture.Open(connectionString, logger);
        var table = new PostgresMembershipTable(database, ClusterOf("cluster"), new RecordingLogger<PostgresMembershipTable>());
        try
        {
            var initializing = table.InitializeMembershipTableAsync(tryInitTableVersion: true, Deadline.Token());
            await logger.WaitForWarningsAsync(1, "a warning about the missing database");
            Assert.False(initializing.IsCompleted, "Expected initialisation to wait while the database does not exist.");

            await PostgresDatabaseFixture.ExecuteAsync($"CREATE DATABASE {name}");
            await initializing.Within("initialisation to finish once the database exists");

            var data = await table.ReadAllAsync(Deadline.Token());
            Assert.True(data.Version.VersionEtag.Length > 0, "Expected the table version row to have been created once the database came up.");
        }
        finally
        {
            await database.DisposeAsync();
            await TestDatabase.DropAsync(TestDatabase.ServerConnectionString, name);
        }
    }

    [Fact]
    public async Task Initialisation_gives_up_after_the_configured_wait_naming_the_database()
    {
        await using var database = PostgresDatabaseFixture.Open(ClosedPort, new RecordingLogger<ClusteringDatabase>(), maxWait: TimeSpan.FromMilliseconds(300));
        var table = new PostgresMembershipTable(database, ClusterOf("cluster"), new RecordingLogger<PostgresMembershipTable>());

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => table.InitializeMembershipTableAsync(true, Deadline.Token()).Within("initialisation to give up"));

        Assert.True(failure.Message.Contains("127.0.0.1:1/csms_nowhere", StringComparison.Ordinal), $"Expected the failure to name the database, found: {failure.Message}");
    }

    [Fact]
    public async Task Refused_credentials_fail_at_once_instead_of_waiting()
    {
        // A role that does not exist is refused whatever the server's authentication method; waiting would not help.
        var unknownRole = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Username = $"no_such_role_{Guid.NewGuid():N}" }.ConnectionString;
        var logger = new RecordingLogger<ClusteringDatabase>();
        await using var database = PostgresDatabaseFixture.Open(unknownRole, logger);
        var table = new PostgresMembershipTable(database, ClusterOf("cluster"), new RecordingLogger<PostgresMembershipTable>());

        var failure = await Assert.ThrowsAsync<PostgresException>(() => table.InitializeMembershipTableAsync(true, Deadline.Token()).Within("initialisation to fail"));

        Assert.True(failure.SqlState.StartsWith("28", StringComparison.Ordinal), $"Expected the authorisation failure itself, found {failure.SqlState}: {failure.MessageText}");
        Assert.True(logger.Warnings.IsEmpty, $"Expected no retry warning, found: {string.Join(" | ", logger.Warnings)}");
    }

    private static IOptions<ClusterOptions> ClusterOf(string prefix) =>
        Options.Create(new ClusterOptions { ClusterId = PostgresDatabaseFixture.NewId(prefix), ServiceId = PostgresDatabaseFixture.NewId(prefix) });
}
