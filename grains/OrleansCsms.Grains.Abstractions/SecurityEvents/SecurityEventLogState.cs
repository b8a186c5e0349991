namespace OrleansCsms.Grains;

/// <summary>A SecurityEventNotification as a charge point sent it.</summary>
[GenerateSerializer]
[Alias("csms.SecurityEventReport")]
public sealed record SecurityEventReport(string Type, DateTimeOffset Timestamp, string? TechInfo);

/// <summary>A security event as the CSMS keeps it: what the charge point sent, when it arrived, and whether it is one the security extension calls critical.</summary>
[GenerateSerializer]
[Alias("csms.SecurityEvent")]
public sealed record SecurityEvent(long Sequence, string Type, DateTimeOffset Timestamp, string? TechInfo, DateTimeOffset ReceivedAt, bool Critical);

/// <summary>One page of a charge point's security events, newest first.</summary>
[GenerateSerializer]
[Alias("csms.SecurityEventPage")]
public sealed record SecurityEventPage(IReadOnlyList<SecurityEvent> Items, long TotalCount, long Discarded);

/// <summary>Persisted state of a security event log grain.</summary>
[GenerateSerializer]
[Alias("csms.SecurityEventLogState")]
public sealed class SecurityEventLogState : IRaisesEvents
{
    /// <summary>The charge point the events belong to.</summary>
    [Id(0)]
    public string ChargePointId { get; set; } = "";

    /// <summary>The events kept, oldest first.</summary>
    [Id(1)]
    public List<SecurityEvent> Events { get; set; } = [];

    /// <summary>How many events were ever recorded: the next event's sequence number.</summary>
    [Id(2)]
    public long Recorded { get; set; }

    /// <summary>How many of the oldest events were dropped to keep within the bound.</summary>
    [Id(3)]
    public long Discarded { get; set; }

    /// <summary>Events raised by changes not written yet; stored with the next write, in its transaction (see <see cref="IRaisesEvents"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<RaisedEvent> RaisedEvents => _raisedEvents;

    [NonSerialized]
    private readonly List<RaisedEvent> _raisedEvents = [];
}
