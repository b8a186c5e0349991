using Orleans.Storage;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage;

/// <summary>Where one grain's state is stored: its grain type name and its key as text.</summary>
public readonly record struct GrainStateKey(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}

/// <summary>A stored grain state: its JSON and its version.</summary>
public sealed record StoredGrainState(string Json, string Etag);

/// <summary>Durable storage of grain state with version-checked writes; implemented per storage engine.</summary>
public interface IGrainStateStore
{
    /// <summary>Reads the state of a grain, or null when none is stored.</summary>
    Task<StoredGrainState?> ReadAsync(GrainStateKey grain, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state of a grain when its stored version equals <paramref name="expectedEtag"/>
    /// (null: only when nothing is stored) and returns the new version; otherwise throws
    /// <see cref="InconsistentStateException"/>. <paramref name="events"/> go to the event outbox in the same
    /// database transaction: they are stored if and only if the state is.
    /// </summary>
    Task<string> WriteAsync(GrainStateKey grain, string json, string? expectedEtag, IReadOnlyList<RaisedEvent> events, CancellationToken cancellationToken);

    /// <summary>Deletes the state of a grain when its stored version equals <paramref name="expectedEtag"/>; otherwise throws <see cref="InconsistentStateException"/>.</summary>
    Task ClearAsync(GrainStateKey grain, string? expectedEtag, CancellationToken cancellationToken);
}

/// <summary>Writes that raise no events.</summary>
public static class GrainStateStoreExtensions
{
    /// <summary>Writes the state of a grain as <see cref="IGrainStateStore.WriteAsync"/> does, with no events.</summary>
    public static Task<string> WriteAsync(this IGrainStateStore store, GrainStateKey grain, string json, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.WriteAsync(grain, json, expectedEtag, [], cancellationToken);
    }
}
