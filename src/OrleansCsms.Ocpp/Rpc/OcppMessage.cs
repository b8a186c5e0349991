using System.Text.Json;

namespace OrleansCsms.Ocpp;

/// <summary>One OCPP-J RPC message, whatever the OCPP version.</summary>
/// <remarks>
/// Payloads read by <see cref="OcppFrameReader"/> own their memory, so a message may outlive the
/// buffer it was read from.
/// </remarks>
public abstract record OcppMessage(string MessageId)
{
    public abstract OcppMessageType MessageType { get; }
}

/// <summary>A request: <c>[2, "id", "Action", {payload}]</c>.</summary>
public sealed record OcppCall(string MessageId, string Action, JsonElement Payload) : OcppMessage(MessageId)
{
    public override OcppMessageType MessageType => OcppMessageType.Call;
}

/// <summary>A successful answer: <c>[3, "id", {payload}]</c>.</summary>
public sealed record OcppCallResult(string MessageId, JsonElement Payload) : OcppMessage(MessageId)
{
    public override OcppMessageType MessageType => OcppMessageType.CallResult;
}

/// <summary>A failed answer: <c>[4, "id", "ErrorCode", "description", {details}]</c>.</summary>
public sealed record OcppCallError(string MessageId, OcppErrorCode ErrorCode, string ErrorDescription, JsonElement ErrorDetails)
    : OcppMessage(MessageId)
{
    public override OcppMessageType MessageType => OcppMessageType.CallError;

    /// <summary>A CALLERROR without details, written as <c>{}</c>.</summary>
    public OcppCallError(string messageId, OcppErrorCode errorCode, string errorDescription)
        : this(messageId, errorCode, errorDescription, default)
    {
    }
}
