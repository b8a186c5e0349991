using System.Text.Json.Serialization.Metadata;

namespace OrleansCsms.Ocpp.V16;

/// <summary>One 1.6 action: its name, its typed request and confirmation, and who sends the request.</summary>
public sealed record V16Action(string Name, JsonTypeInfo RequestTypeInfo, JsonTypeInfo ConfirmationTypeInfo, V16ActionDirection Direction)
{
    public Type RequestType => RequestTypeInfo.Type;

    public Type ConfirmationType => ConfirmationTypeInfo.Type;

    /// <summary>Whether a charge point may send this request to the central system.</summary>
    public bool IsSentByChargePoint => Direction.HasFlag(V16ActionDirection.ChargePointToCentralSystem);

    /// <summary>Whether the central system may send this request to a charge point.</summary>
    public bool IsSentByCentralSystem => Direction.HasFlag(V16ActionDirection.CentralSystemToChargePoint);
}
