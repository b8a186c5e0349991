namespace OrleansCsms.Runtime;

/// <summary>
/// The persisted state of a grain. Writes are conditional on the version read (an ETag): a write that races
/// a newer one fails with <see cref="InconsistentStateException"/> instead of overwriting it.
/// </summary>
public interface IPersistentState<TState> where TState : class, new()
{
    /// <summary>The state; a fresh instance when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored state, or null when nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reloads the state from storage.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state, conditional on the version last read or written.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored state, conditional on the version last read or written.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
