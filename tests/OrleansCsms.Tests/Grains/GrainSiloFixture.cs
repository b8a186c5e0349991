using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Grains;

/// <summary>A fresh PostgreSQL database and a silo over it, shared by a collection; tests use fresh keys.</summary>
public sealed class GrainSiloFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private GrainSilo? _silo;

    public GrainSilo Silo => _silo ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Starts another silo over the same database, with extra settings; the test disposes it.</summary>
    public GrainSilo StartSilo(IReadOnlyDictionary<string, string?>? settings = null) =>
        GrainSilo.Start(_database?.ConnectionString ?? throw new InvalidOperationException("The fixture has not started."), settings);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _silo = StartSilo();
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
