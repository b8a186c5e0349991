using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>The types of event the CSMS records in its event stream (the <c>event:</c> of the stream and of webhooks).</summary>
public static class EventTypes
{
    public const string Connected = "Connected";
    public const string Disconnected = "Disconnected";
    public const string StatusChanged = "StatusChanged";
    public const string Booted = "Booted";
    public const string TransactionStarted = "TransactionStarted";
    public const string TransactionUpdated = "TransactionUpdated";
    public const string TransactionStopped = "TransactionStopped";
    public const string CommandAnswered = "CommandAnswered";
    public const string SecurityEvent = "SecurityEvent";
    public const string ChargingLimitChanged = "ChargingLimitChanged";

    /// <summary>Every type, in the order a charge point's life usually raises them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Connected, Booted, StatusChanged, TransactionStarted, TransactionUpdated, TransactionStopped, CommandAnswered, SecurityEvent, ChargingLimitChanged, Disconnected];

    /// <summary>The type as spelled here when <paramref name="name"/> names one whatever its case; otherwise null.</summary>
    public static string? Find(string name) => All.FirstOrDefault(type => string.Equals(type, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// An event a grain raised and that is not stored yet. <see cref="Body"/> is a small JSON object, the same whatever
/// OCPP version the charge point speaks.
/// </summary>
public sealed record RaisedEvent(string ChargePointId, string Type, DateTimeOffset Time, string Body)
{
    /// <summary>An event whose body is <paramref name="body"/> in the grains' JSON shape (camelCase, nulls left out).</summary>
    public static RaisedEvent Of<TBody>(string chargePointId, string type, DateTimeOffset time, TBody body) =>
        new(chargePointId, type, time, JsonSerializer.Serialize(body, GrainJson.Options));
}

/// <summary>
/// A stored event: <see cref="Position"/> orders every event of the system and only grows; <see cref="Sequence"/>
/// counts the events of one charge point from 1 without gaps.
/// </summary>
public sealed record StoredEvent(long Position, string ChargePointId, long Sequence, string Type, DateTimeOffset Time, string Body);

/// <summary>Which stored events to read: those after <see cref="After"/>, optionally of one charge point and of some types, oldest first.</summary>
public sealed record EventQuery(long After, int Limit, string? ChargePointId = null, IReadOnlyList<string>? Types = null);

/// <summary>
/// The state of a grain whose changes raise events. The grain storage provider stores <see cref="RaisedEvents"/> in
/// the same database transaction as the state, and empties the list once that transaction commits: an event is
/// stored if and only if the state change that raised it is.
/// </summary>
public interface IRaisesEvents
{
    /// <summary>Events raised since the state was last written; never persisted as part of the state itself.</summary>
    List<RaisedEvent> RaisedEvents { get; }
}

/// <summary>The durable event stream (an outbox table): appended to as things happen, read by the stream and the webhooks.</summary>
public interface IEventOutbox
{
    /// <summary>
    /// Stores events whose cause writes no grain state (a command's answer, meter values); completes once they are
    /// committed, so an event is durable before anyone is told of its cause.
    /// </summary>
    Task AppendAsync(IReadOnlyList<RaisedEvent> events, CancellationToken cancellationToken);

    /// <summary>Reads stored events after a position, oldest first. An event is readable only once every event before it is.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(EventQuery query, CancellationToken cancellationToken);

    /// <summary>The position of the newest stored event; 0 when none was ever stored.</summary>
    Task<long> LastPositionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="limit"/> of the oldest events that were recorded before <paramref name="cutoff"/> or
    /// are not among the newest <paramref name="keep"/>; returns how many it deleted.
    /// </summary>
    Task<int> PruneAsync(DateTimeOffset? cutoff, long? keep, int limit, CancellationToken cancellationToken);
}
