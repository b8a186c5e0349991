using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A display message to set on an OCPP 2.0.1 station (SetDisplayMessage). The id is the station's (the next free one
/// when omitted; the same id replaces a message); priority AlwaysFront, InFront or NormalCycle; state (Charging,
/// Faulted, Idle, Unavailable) limits when it shows; transactionId (the CSMS's id) ties it to a running session.
/// </summary>
public sealed record DisplayMessageBody(
    int? Id,
    string? Priority,
    string? State,
    DateTimeOffset? StartDateTime,
    DateTimeOffset? EndDateTime,
    int? TransactionId,
    DisplayMessageContentBody? Message,
    DisplayComponentBody? Display);

/// <summary>The text: format ASCII, HTML, URI or UTF8, an optional RFC 5646 language, and up to 512 characters of content.</summary>
public sealed record DisplayMessageContentBody(string? Format, string? Language, string? Content);

/// <summary>The display to show the message on, when the station has several.</summary>
public sealed record DisplayComponentBody(string? Name, string? Instance, int? EvseId, int? ConnectorId);

/// <summary>What to ask the station for (GetDisplayMessages): messages by id, priority and/or state; everything when empty.</summary>
public sealed record DisplayMessageQueryBody(IReadOnlyList<int>? Ids, string? Priority, string? State);

/// <summary>The station's answer to a SetDisplayMessage (Accepted, NotSupportedMessageFormat, Rejected, NotSupportedPriority, NotSupportedState, UnknownTransaction) and the message sent.</summary>
public sealed record SetDisplayMessageResponse(string Status, DisplayMessage Message, int? TransactionId);

/// <summary>The requestId of a GetDisplayMessages and the station's answer: Accepted (NotifyDisplayMessages follow) or Unknown (none matched).</summary>
public sealed record DisplayMessageQueryResponse(int RequestId, string Status);

/// <summary>The station's answer to a ClearDisplayMessage: Accepted or Unknown.</summary>
public sealed record ClearDisplayMessageResponse(int MessageId, string Status);

/// <summary>
/// A station's display messages as the CSMS knows them: those it set (with the station's answers) and the station's
/// own list as its latest complete report told it (null before any), with the reports still being assembled.
/// </summary>
public sealed record DisplayMessagesResponse(
    IReadOnlyList<SetDisplayMessage> Set,
    DisplayMessageReport? LastReport,
    IReadOnlyList<DisplayMessageReport> PendingReports);
