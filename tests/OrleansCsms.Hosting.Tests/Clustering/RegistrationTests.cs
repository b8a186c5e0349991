using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Messaging;
using OrleansCsms.Hosting.Clustering;

namespace OrleansCsms.Hosting.Tests.Clustering;

/// <summary>What the builder extensions put in the container, and what they refuse before anything starts.</summary>
public sealed class RegistrationTests
{
    private const string SomeDatabase = "Host=127.0.0.1;Port=5432;Username=csms;Password=csms;Database=csms_unused";

    [Fact]
    public void A_silo_with_clustering_and_reminders_gets_both_tables_on_one_connection_pool()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleans(silo => silo
                .UsePostgresClustering(options => options.ConnectionString = SomeDatabase)
                .UsePostgresReminders(options => options.ConnectionString = SomeDatabase))
            .Build();

        Assert.IsType<PostgresMembershipTable>(host.Services.GetRequiredService<IMembershipTable>());
        Assert.IsType<PostgresReminderTable>(host.Services.GetRequiredService<IReminderTable>());
        Assert.True(host.Services.GetServices<ClusteringDatabase>().Count() == 1, "Expected clustering and reminders to share one registered connection pool.");
    }

    [Fact]
    public void A_client_gets_the_gateway_list_with_the_configured_staleness()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(client => client.UsePostgresClustering(options =>
            {
                options.ConnectionString = SomeDatabase;
                options.GatewayListMaxStaleness = TimeSpan.FromSeconds(3);
            }))
            .Build();

        var provider = host.Services.GetRequiredService<IGatewayListProvider>();

        Assert.IsType<PostgresGatewayListProvider>(provider);
        Assert.True(provider.MaxStaleness == TimeSpan.FromSeconds(3), $"Expected the configured staleness of 3 s, found {provider.MaxStaleness}.");
    }

    [Fact]
    public async Task Starting_without_a_connection_string_fails_naming_the_missing_option()
    {
        using var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders())
            .UseOrleansClient(client => client.UsePostgresClustering(_ => { }))
            .Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Deadline.Token()));

        Assert.True(failure.Message.Contains("ConnectionString is required", StringComparison.Ordinal), $"Expected the failure to name the connection string, found: {failure.Message}");
    }

    [Fact]
    public void Options_out_of_range_are_each_named()
    {
        var result = new PostgresClusteringOptionsValidator().Validate(null, new PostgresClusteringOptions
        {
            ConnectionString = "Host=",
            MaxPoolSize = 0,
            RetryInterval = TimeSpan.Zero,
            MaxDatabaseWait = TimeSpan.FromSeconds(-1),
        });

        var failures = result.Failures?.ToArray() ?? [];
        Assert.True(failures.Length == 3, $"Expected 3 failures (pool size, retry interval, wait), found: {string.Join(" | ", failures)}");
    }
}
