using System.Text.Json.Serialization.Metadata;

namespace OrleansCsms.Ocpp.V201;

/// <summary>One 2.0.1 action: its name, its typed request and confirmation, and who sends the request.</summary>
public sealed record V201Action(string Name, JsonTypeInfo RequestTypeInfo, JsonTypeInfo ConfirmationTypeInfo, V201ActionDirection Direction)
{
    public Type RequestType => RequestTypeInfo.Type;

    public Type ConfirmationType => ConfirmationTypeInfo.Type;

    /// <summary>Whether a charging station may send this request to the CSMS.</summary>
    public bool IsSentByChargingStation => Direction.HasFlag(V201ActionDirection.ChargingStationToCsms);

    /// <summary>Whether the CSMS may send this request to a charging station.</summary>
    public bool IsSentByCsms => Direction.HasFlag(V201ActionDirection.CsmsToChargingStation);
}
