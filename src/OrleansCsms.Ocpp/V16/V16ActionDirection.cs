namespace OrleansCsms.Ocpp.V16;

/// <summary>Who may send an action's request.</summary>
[Flags]
public enum V16ActionDirection
{
    ChargePointToCentralSystem = 1,
    CentralSystemToChargePoint = 2,

    /// <summary>Only DataTransfer travels both ways.</summary>
    Both = ChargePointToCentralSystem | CentralSystemToChargePoint,
}
