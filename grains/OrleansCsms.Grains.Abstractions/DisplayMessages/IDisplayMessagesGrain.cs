using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// The display messages of one OCPP 2.0.1 station (key: its id): those the CSMS set (SetDisplayMessage, with the
/// station's answer) and those the station reported (NotifyDisplayMessages parts, assembled by requestId). A grain
/// of its own, so that a large report never waits behind the station's transaction messages.
/// </summary>
[Alias("csms.IDisplayMessagesGrain")]
public interface IDisplayMessagesGrain : IGrainWithStringKey
{
    /// <summary>Records a SetDisplayMessage and the station's answer; a message with the same id replaces the one before.</summary>
    Task RecordSetAsync(DisplayMessage message, string status, int? transactionId);

    /// <summary>Records a ClearDisplayMessage and the station's answer: once Accepted the message is gone from both lists.</summary>
    Task RecordClearedAsync(int messageId, string status);

    /// <summary>Records that a GetDisplayMessages with <paramref name="requestId"/> is about to be sent, so its parts find it.</summary>
    Task QueryRequestedAsync(int requestId);

    /// <summary>Records the station's answer to a GetDisplayMessages: Unknown means no message matched, and none will follow.</summary>
    Task QueryAnsweredAsync(int requestId, string status);

    /// <summary>Adds one NotifyDisplayMessages part; the last one (tbc false) completes the report.</summary>
    Task RecordReportAsync(int requestId, bool toBeContinued, IReadOnlyList<DisplayMessage> messages);

    /// <summary>The station's display messages as the CSMS knows them.</summary>
    [ReadOnly]
    Task<DisplayMessagesState> GetAsync();

    /// <summary>Forgets everything (the station was deleted).</summary>
    Task ForgetAsync();
}
