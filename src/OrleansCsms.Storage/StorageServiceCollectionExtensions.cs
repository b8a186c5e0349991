using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;
using OrleansCsms.Storage.Postgres;
using OrleansCsms.Storage.Sqlite;

namespace OrleansCsms.Storage;

/// <summary>Registers the storage engine chosen by configuration.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers grain state, transaction ids, meter values, the OCPP message log, read-side queries, operator accounts, shared secrets,
    /// <see cref="IStorageHealth"/> and <see cref="StorageDescription"/>, on PostgreSQL when
    /// ConnectionStrings:Postgres is set (or Storage:Provider says so), else on an embedded SQLite file.
    /// The schema is migrated at host start; the message log keeps what the "MessageLog" section says, and old
    /// entries are deleted in the background, as are old events of the event outbox (the "Events" section).
    /// </summary>
    public static IServiceCollection AddCsmsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .PostConfigure(options => options.Provider ??= HasPostgresConnectionString(configuration) ? StorageProvider.Postgres : StorageProvider.Sqlite)
            .Validate(
                options => options.Provider != StorageProvider.Postgres || HasPostgresConnectionString(configuration),
                $"Storage:Provider is Postgres but ConnectionStrings:{StorageOptions.PostgresConnectionStringName} is not set.")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<MessageLogOptions>()
            .BindConfiguration(MessageLogOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<EventOptions>()
            .BindConfiguration(EventOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<IStorageEngine>(provider => CreateEngine(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value,
            provider.GetRequiredService<IOptions<MessageLogOptions>>().Value,
            configuration,
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().Description);
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().GrainStates);
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().TransactionIds);
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().MeterValues);
        services.AddSingleton<IOcppMessageLog>(provider => provider.GetRequiredService<IStorageEngine>().MessageLog);
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().Queries);
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().Accounts);
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().SharedSecrets);
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().Events);
        services.AddSingleton(provider => provider.GetRequiredService<IStorageEngine>().Health);
        services.AddSingleton<MessageLogMetrics>();
        services.AddHostedService<StorageLifecycle>();
        services.AddSingleton<OcppMessageLogRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<OcppMessageLogRetention>());
        services.AddSingleton<EventRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<EventRetention>());
        services.AddHealthChecks().AddCheck<StorageReadinessCheck>("storage", tags: [StorageReadinessCheck.ReadyTag]);
        return services;
    }

    private static bool HasPostgresConnectionString(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString(StorageOptions.PostgresConnectionStringName));

    private static IStorageEngine CreateEngine(StorageOptions options, MessageLogOptions messageLog, IConfiguration configuration, ILoggerFactory loggerFactory) =>
        options.Provider switch
        {
            StorageProvider.Postgres => new PostgresStorage(
                configuration.GetConnectionString(StorageOptions.PostgresConnectionStringName)!,
                options,
                messageLog,
                loggerFactory),
            _ => new SqliteStorage(options, messageLog, loggerFactory),
        };
}
