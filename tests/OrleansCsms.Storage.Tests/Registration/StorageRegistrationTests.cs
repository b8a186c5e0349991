using Microsoft.Extensions.Options;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>What <c>AddCsmsStorage</c> picks from configuration, checked without touching a database.</summary>
public sealed class StorageRegistrationTests
{
    private static readonly string SqlitePath = Path.Combine(Path.GetTempPath(), "csms-storage-tests", "never-opened", "csms.db");

    [Fact]
    public async Task Without_a_postgres_connection_string_storage_is_an_sqlite_file_at_an_absolute_path()
    {
        await using var host = StorageHost.Build([new("Storage:SqlitePath", SqlitePath)]);

        var description = host.Get<StorageDescription>();

        Assert.Equal("Sqlite", description.Provider);
        Assert.Equal($"SQLite file {Path.GetFullPath(SqlitePath)}", description.Description);
        Assert.True(description.SurvivesRestart);
    }

    [Fact]
    public async Task With_a_postgres_connection_string_storage_is_postgres_described_without_the_password()
    {
        await using var host = StorageHost.Build([new("ConnectionStrings:Postgres", "Host=db.example;Port=5433;Database=csms;Username=csms;Password=hunter2")]);

        var description = host.Get<StorageDescription>();

        Assert.Equal("Postgres", description.Provider);
        Assert.Equal("PostgreSQL at db.example:5433/csms", description.Description);
        Assert.DoesNotContain("hunter2", description.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_provider_wins_over_the_connection_string()
    {
        await using var host = StorageHost.Build(
        [
            new("ConnectionStrings:Postgres", "Host=db.example;Database=csms"),
            new("Storage:Provider", "Sqlite"),
            new("Storage:SqlitePath", SqlitePath),
        ]);

        Assert.Equal("Sqlite", host.Get<StorageDescription>().Provider);
    }

    [Fact]
    public async Task Every_storage_port_resolves_to_one_shared_instance()
    {
        await using var host = StorageHost.Build([new("Storage:SqlitePath", SqlitePath)]);

        Assert.Same(host.Get<IGrainStateStore>(), host.Get<IGrainStateStore>());
        Assert.Same(host.Engine.MeterValues, host.Get<IMeterValueStore>());
        Assert.Same(host.Engine.MessageLog, host.Get<IOcppMessageLog>());
        Assert.NotNull(host.Get<ITransactionIdSequence>());
        Assert.NotNull(host.Get<ICsmsQueries>());
        Assert.NotNull(host.Get<IStorageHealth>());
    }

    [Theory]
    [InlineData("Storage:MeterValueBatchSize", "0")]
    [InlineData("Storage:MessageLogBatchSize", "0")]
    [InlineData("Storage:MessageLogQueueCapacity", "0")]
    [InlineData("Storage:SqlitePath", "")]
    [InlineData("MessageLog:RetentionDays", "-1")]
    [InlineData("MessageLog:RetentionBatchSize", "0")]
    [InlineData("MessageLog:ExcludeActions:0", "Heart beat")]
    [InlineData("Storage:Provider", "Postgres")]
    public async Task Invalid_settings_stop_the_host_from_starting(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = SqlitePath, [key] = value };
        await using var host = StorageHost.Build(settings);

        await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);
    }

    [Fact]
    public async Task An_action_both_logged_and_excluded_stops_the_host_from_starting_and_says_which()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = SqlitePath,
            ["MessageLog:Actions:0"] = "StartTransaction",
            ["MessageLog:Actions:1"] = "Heartbeat",
            ["MessageLog:ExcludeActions:0"] = "heartbeat",
        };
        await using var host = StorageHost.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);

        Assert.Contains("MessageLog:Actions and MessageLog:ExcludeActions both name Heartbeat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_log_settings_bind_from_their_own_section_with_the_documented_defaults()
    {
        await using var defaults = StorageHost.Build([new("Storage:SqlitePath", SqlitePath)]);
        await using var configured = StorageHost.Build(
        [
            new("Storage:SqlitePath", SqlitePath),
            new("MessageLog:Enabled", "false"),
            new("MessageLog:ExcludeActions:0", "Heartbeat"),
            new("MessageLog:RetentionDays", "7"),
        ]);

        var byDefault = defaults.Get<IOptions<MessageLogOptions>>().Value;
        var set = configured.Get<IOptions<MessageLogOptions>>().Value;

        Assert.Equal((true, 0, 0, 30, 5_000), (byDefault.Enabled, byDefault.Actions.Count, byDefault.ExcludeActions.Count, byDefault.RetentionDays, byDefault.RetentionBatchSize));
        Assert.Equal((false, 7), (set.Enabled, set.RetentionDays));
        Assert.Equal(["Heartbeat"], set.ExcludeActions);
    }
}
