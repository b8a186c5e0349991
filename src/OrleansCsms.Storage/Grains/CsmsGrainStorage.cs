using System.Globalization;
using System.Text.Json;
using Orleans.Storage;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage;

/// <summary>
/// Orleans grain storage over the project's own stores: each grain's state is one JSON document keyed by grain
/// type and key, so operator queries read it relationally, and every write and clear is conditional on the
/// version (ETag) the activation read, so a stale activation can never overwrite a newer write.
/// </summary>
/// <remarks>
/// Events: a state that raises events (<see cref="IRaisesEvents"/>) holds the ones its changes raised in a list that
/// is not part of the stored JSON. A write hands that list to the store, which inserts the events into the outbox
/// table in the same database transaction as the state; once it has committed, the written events leave the list.
/// A write that fails (a conflict, the database gone) commits neither, and the activation that tried it is
/// discarded with its list (see the failed-turn filter), so an event is stored if and only if its cause is.
/// </remarks>
public sealed class CsmsGrainStorage(IGrainStateStore store) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var stored = await store.ReadAsync(KeyOf(grainId), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = JsonSerializer.Deserialize<T>(stored.Json, GrainJson.Options)
            ?? throw new InvalidOperationException($"The stored state of grain {grainId} is null.");
        grainState.ETag = stored.Etag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var json = JsonSerializer.Serialize(grainState.State, GrainJson.Options);
        var raised = grainState.State as IRaisesEvents;
        IReadOnlyList<RaisedEvent> events = raised is { RaisedEvents.Count: > 0 } ? [.. raised.RaisedEvents] : [];
        grainState.ETag = await store.WriteAsync(KeyOf(grainId), json, grainState.ETag, events, cancellationToken).ConfigureAwait(false);
        grainState.RecordExists = true;

        // Only those written: a call interleaved with this write may have raised more, which go with the next one.
        raised?.RaisedEvents.RemoveRange(0, events.Count);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await store.ClearAsync(KeyOf(grainId), grainState.ETag, cancellationToken).ConfigureAwait(false);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// The stored key of a grain: its pinned type name and its key as people read it (a transaction's or a reservation's
    /// number in decimal, not Orleans' internal encoding of integer keys).
    /// </summary>
    public static GrainStateKey KeyOf(GrainId grainId)
    {
        var type = grainId.Type.ToString()!;
        if ((type is GrainTypes.Transaction or GrainTypes.Reservation) && grainId.TryGetIntegerKey(out var number, out _))
        {
            return new GrainStateKey(type, number.ToString(CultureInfo.InvariantCulture));
        }

        return new GrainStateKey(type, grainId.Key.ToString()!);
    }
}
