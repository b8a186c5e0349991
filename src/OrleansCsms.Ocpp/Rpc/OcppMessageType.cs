namespace OrleansCsms.Ocpp;

/// <summary>The message type number that opens every OCPP-J frame.</summary>
public enum OcppMessageType
{
    Call = 2,
    CallResult = 3,
    CallError = 4,
}
