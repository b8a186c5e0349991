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
    [InlineData("Storage:Provider", "Postgres")]
    public async Task Invalid_settings_stop_the_host_from_starting(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = SqlitePath, [key] = value };
        await using var host = StorageHost.Build(settings);

        await Assert.ThrowsAsync<OptionsValidationException>(host.StartAsync);
    }
}
