using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Runtime;
using OrleansCsms.Storage;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Runtime;

/// <summary>The PostgreSQL grain state store on a fresh database, shared by a collection; tests use fresh keys.</summary>
public sealed class PostgresStoreFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    public IGrainStateStore Store => _services?.GetRequiredService<IGrainStateStore>() ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Postgres",
                ["ConnectionStrings:Postgres"] = _database.ConnectionString,
            })
            .Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCsmsStorage(configuration)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresStoreCollection : ICollectionFixture<PostgresStoreFixture>
{
    public const string Name = "Runtime on PostgreSQL";
}
