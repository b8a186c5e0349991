using OrleansCsms.Grains;

namespace OrleansCsms.Storage;

/// <summary>One storage engine's set of stores, built together because they share a connection source and the schema gate.</summary>
internal interface IStorageEngine : IAsyncDisposable, IDisposable
{
    StorageDescription Description { get; }

    IGrainStateStore GrainStates { get; }

    ITransactionIdSequence TransactionIds { get; }

    IMeterValueStore MeterValues { get; }

    BatchedOcppMessageLog MessageLog { get; }

    ICsmsQueries Queries { get; }

    IOperatorAccountStore Accounts { get; }

    ISharedSecretStore SharedSecrets { get; }
    IEventOutbox Events { get; }

    IStorageHealth Health { get; }

    /// <summary>Waits until the schema is migrated, migrating it if nobody has yet.</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Applies the pending migrations now and returns the versions this call applied.</summary>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken);
}
