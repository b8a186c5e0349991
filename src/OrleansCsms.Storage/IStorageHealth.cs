namespace OrleansCsms.Storage;

/// <summary>Readiness of the storage engine, for health probes.</summary>
public interface IStorageHealth
{
    /// <summary>Returns whether the schema is migrated and the database answers a trivial query.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
