using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Console;

/// <summary>A connector's status change, as the event stream recorded it.</summary>
public sealed record StatusChange(int ConnectorId, string Status, string? ErrorCode, DateTimeOffset Time);

/// <summary>The latest status changes of a charge point's connectors, read from its StatusChanged events.</summary>
public static class StatusTimeline
{
    private const int Batch = 1000;
    private const int MaxBatches = 10;

    /// <summary>Up to <paramref name="perConnector"/> changes of each connector, newest first, by connector id.</summary>
    public static async Task<IReadOnlyDictionary<int, IReadOnlyList<StatusChange>>> ReadAsync(
        IEventOutbox outbox, string chargePointId, int perConnector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        var changes = new Dictionary<int, Queue<StatusChange>>();
        long after = 0;
        for (var batch = 0; batch < MaxBatches; batch++)
        {
            var events = await outbox.ReadAsync(new EventQuery(after, Batch, chargePointId, [EventTypes.StatusChanged]), cancellationToken);
            foreach (var stored in events)
            {
                if (Parse(stored) is not { } change)
                {
                    continue;
                }

                if (!changes.TryGetValue(change.ConnectorId, out var kept))
                {
                    changes[change.ConnectorId] = kept = new Queue<StatusChange>();
                }

                kept.Enqueue(change);
                if (kept.Count > perConnector)
                {
                    kept.Dequeue();
                }
            }

            if (events.Count < Batch)
            {
                break;
            }

            after = events[^1].Position;
        }

        return changes.ToDictionary(c => c.Key, c => (IReadOnlyList<StatusChange>)[.. c.Value.Reverse()]);
    }

    private static StatusChange? Parse(StoredEvent stored)
    {
        using var body = JsonDocument.Parse(stored.Body);
        var root = body.RootElement;
        return root.TryGetProperty("connectorId", out var connector) && connector.TryGetInt32(out var connectorId)
            && root.TryGetProperty("status", out var status) && status.GetString() is { } text
            ? new StatusChange(connectorId, text, root.TryGetProperty("errorCode", out var error) ? error.GetString() : null, stored.Time)
            : null;
    }
}
