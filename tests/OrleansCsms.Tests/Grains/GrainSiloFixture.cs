
namespace OrleansCsms.Tests.Grains;

/// <summary>A fresh PostgreSQL database and a test cluster over it, shared by a collection; tests use fresh keys.</summary>
public sealed class GrainSiloFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private GrainSilo? _silo;

    public GrainSilo Silo => _silo ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Starts another cluster over the same database, with extra settings; the test disposes it.</summary>
    public Task<GrainSilo> StartSiloAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        GrainSilo.StartAsync(_database?.ConnectionString ?? throw new InvalidOperationException("The fixture has not started."), settings);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _silo = await StartSiloAsync();
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GrainSiloCollection : ICollectionFixture<GrainSiloFixture>
{
    public const string Name = "Grains on PostgreSQL";
}
