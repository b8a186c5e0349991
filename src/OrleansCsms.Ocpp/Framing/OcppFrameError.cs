namespace OrleansCsms.Ocpp;

/// <summary>Why a frame could not be read as an OCPP-J message.</summary>
/// <param name="MessageId">The frame's message id when it could be recovered, otherwise <see cref="UnknownMessageId"/>.</param>
/// <param name="MessageType">The frame's message type when it was one of 2, 3 or 4; callers answer only broken CALLs.</param>
/// <param name="ErrorCode">The CALLERROR code that describes the fault.</param>
/// <param name="Description">What was wrong, for the CALLERROR description and the logs.</param>
public sealed record OcppFrameError(string MessageId, OcppMessageType? MessageType, OcppErrorCode ErrorCode, string Description)
{
    /// <summary>The id OCPP-J uses in a CALLERROR when the offending frame's id is unreadable.</summary>
    public const string UnknownMessageId = "-1";

    /// <summary>The CALLERROR that answers the broken frame.</summary>
    public OcppCallError ToCallError() => new(MessageId, ErrorCode, Description);
}
