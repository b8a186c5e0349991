using System.Text.Json;

namespace OrleansCsms.Runtime;

/// <summary>A grain's state, loaded and saved as JSON through the configured <see cref="IGrainStateStore"/>.</summary>
internal sealed class PersistentState<TState>(GrainId grain, IGrainStateStore store) : IPersistentState<TState>, IPersistentStateLoader
    where TState : class, new()
{
    public TState State { get; set; } = new();

    public string? Etag { get; private set; }

    public bool RecordExists => Etag is not null;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadAsync(grain, cancellationToken).ConfigureAwait(false);
        State = stored is null ? new TState() : JsonSerializer.Deserialize<TState>(stored.Json, GrainJson.Options) ?? new TState();
        Etag = stored?.Etag;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(State, GrainJson.Options);
        Etag = await store.WriteAsync(grain, json, Etag, cancellationToken).ConfigureAwait(false);
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        if (Etag is not null)
        {
            await store.ClearAsync(grain, Etag, cancellationToken).ConfigureAwait(false);
        }

        Etag = null;
        State = new TState();
    }
}

/// <summary>Lets the runtime load a state of any type at activation.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken = default);
}
