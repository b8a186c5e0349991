namespace OrleansCsms.Storage.Tests;

/// <summary>Databases as SQLite files in fresh temporary folders, deleted afterwards.</summary>
public sealed class SqliteFixture : StorageFixture
{
    public override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteDatabase());

    private sealed class SqliteDatabase : TestDatabase
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "csms-storage-tests", Guid.NewGuid().ToString("N"));

        public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(_folder, "csms.db"),
        };

        public override ValueTask DisposeAsync()
        {
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }

            return ValueTask.CompletedTask;
        }
    }
}
