using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansCsms.Storage.Sqlite;

namespace OrleansCsms.Storage.Tests;

/// <summary>Databases as SQLite files in fresh temporary folders, deleted afterwards.</summary>
public sealed class SqliteFixture : StorageFixture
{
    public override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    private sealed class SqliteTestDatabase : TestDatabase
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "csms-storage-tests", Guid.NewGuid().ToString("N"));

        private string FilePath => Path.Combine(_folder, "csms.db");

        public override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = FilePath,
        };

        public override async Task MigrateToAsync(int version)
        {
            using var schema = new SchemaGate(_ => Task.CompletedTask);
            using var database = new SqliteDatabase(FilePath, schema);
            var scripts = MigrationScript.For("Sqlite").Where(script => script.Version <= version).ToList();
            await new SqliteMigrator(database, NullLogger.Instance).MigrateAsync(scripts, Deadline.Token());
        }

        public override async Task ExecuteAsync(string sql)
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

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
