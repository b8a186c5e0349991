using System.Globalization;
using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>
/// Grain state in memory with the same version check as the PostgreSQL and SQLite stores: a write or clear
/// names the version it read and fails with <see cref="InconsistentStateException"/> when another writer came first.
/// </summary>
public sealed class InMemoryGrainStateStore : IGrainStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GrainId, (string Json, long Version)> _states = [];
    private long _lastVersion;

    public Task<StoredGrainState?> ReadAsync(GrainId grain, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_states.TryGetValue(grain, out var stored) ? new StoredGrainState(stored.Json, Etag(stored.Version)) : null);
        }
    }

    public Task<string> WriteAsync(GrainId grain, string json, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CheckVersion(grain, expectedEtag);
            var version = ++_lastVersion;
            _states[grain] = (json, version);
            return Task.FromResult(Etag(version));
        }
    }

    public Task ClearAsync(GrainId grain, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            CheckVersion(grain, expectedEtag);
            _states.Remove(grain);
            return Task.CompletedTask;
        }
    }

    private void CheckVersion(GrainId grain, string? expectedEtag)
    {
        var current = _states.TryGetValue(grain, out var stored) ? Etag(stored.Version) : null;
        if (current != expectedEtag)
        {
            throw new InconsistentStateException($"State of grain {grain} is at version {current ?? "<none>"}, not {expectedEtag ?? "<none>"}.");
        }
    }

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
