namespace OrleansCsms.Grains;

/// <summary>
/// A display message as OCPP 2.0.1 says it (MessageInfoType): its id on the station, priority (AlwaysFront, InFront,
/// NormalCycle), the state it shows in (Charging, Faulted, Idle, Unavailable; any when null), when, the station's id of
/// the transaction it belongs to, its content and the display that shows it.
/// </summary>
[GenerateSerializer]
[Alias("csms.DisplayMessage")]
[Immutable]
public sealed record DisplayMessage(
    int Id,
    string Priority,
    string? State,
    DateTimeOffset? StartDateTime,
    DateTimeOffset? EndDateTime,
    string? TransactionId,
    DisplayMessageContent Message,
    DisplayComponent? Display = null);

/// <summary>The text of a display message: its format (ASCII, HTML, URI, UTF8), language (RFC 5646) and content.</summary>
[GenerateSerializer]
[Alias("csms.DisplayMessageContent")]
[Immutable]
public sealed record DisplayMessageContent(string Format, string? Language, string Content);

/// <summary>The display component that shows a message, when the station has more than one.</summary>
[GenerateSerializer]
[Alias("csms.DisplayComponent")]
[Immutable]
public sealed record DisplayComponent(string Name, string? Instance, int? EvseId, int? ConnectorId);

/// <summary>A message the CSMS set, the station's answer (Accepted, NotSupportedPriority, UnknownTransaction, ...), and when.</summary>
[GenerateSerializer]
[Alias("csms.SetDisplayMessage")]
[Immutable]
public sealed record SetDisplayMessage(DisplayMessage Message, string Status, DateTimeOffset At, int? TransactionId);

/// <summary>A GetDisplayMessages and what it brought: the station's answer and the messages of its NotifyDisplayMessages parts.</summary>
[GenerateSerializer]
[Alias("csms.DisplayMessageReport")]
[Immutable]
public sealed record DisplayMessageReport(
    int RequestId,
    DateTimeOffset RequestedAt,
    string? Status,
    IReadOnlyList<DisplayMessage> Messages,
    bool Complete,
    DateTimeOffset? CompletedAt);

/// <summary>Persisted state of a station's display messages.</summary>
[GenerateSerializer]
[Alias("csms.DisplayMessagesState")]
public sealed class DisplayMessagesState
{
    /// <summary>The messages the CSMS set, by id.</summary>
    [Id(0)]
    public Dictionary<int, SetDisplayMessage> Set { get; set; } = [];

    /// <summary>The latest reports asked for, oldest first.</summary>
    [Id(1)]
    public List<DisplayMessageReport> Reports { get; set; } = [];
}
