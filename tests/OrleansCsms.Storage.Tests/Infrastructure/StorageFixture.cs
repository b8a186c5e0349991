namespace OrleansCsms.Storage.Tests;

/// <summary>An empty database of one engine; every host started on it sees the same data.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>The configuration a host needs to use this database.</summary>
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public StorageHost Build() => StorageHost.Build(Settings);

    /// <summary>Starts a host on this database; <paramref name="settings"/> add to or override the database's own.</summary>
    public Task<StorageHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var merged = new Dictionary<string, string?>(Settings, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return StorageHost.StartAsync(merged);
    }

    /// <summary>Applies the engine's migrations up to <paramref name="version"/> only, as a database last upgraded then would have them.</summary>
    public abstract Task MigrateToAsync(int version);

    /// <summary>Runs SQL straight on the database, past the stores, e.g. to write rows the way an older version did.</summary>
    public abstract Task ExecuteAsync(string sql);

    public abstract ValueTask DisposeAsync();
}

/// <summary>
/// One engine for one test class: a database of its own, created for the class and dropped after it, plus a
/// started host on it. Tests that must see an otherwise empty database create another with <see cref="CreateDatabaseAsync"/>.
/// </summary>
public abstract class StorageFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private StorageHost? _storage;

    public StorageHost Storage => _storage ?? throw new InvalidOperationException("The fixture has not been initialised.");

    public abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _storage = await _database.StartAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_storage is not null)
            {
                await _storage.DisposeAsync();
            }
        }
        finally
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }
}
