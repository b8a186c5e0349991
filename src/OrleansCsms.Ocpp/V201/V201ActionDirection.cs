namespace OrleansCsms.Ocpp.V201;

/// <summary>Who may send an action's request.</summary>
[Flags]
public enum V201ActionDirection
{
    ChargingStationToCsms = 1,
    CsmsToChargingStation = 2,

    /// <summary>Only DataTransfer travels both ways.</summary>
    Both = ChargingStationToCsms | CsmsToChargingStation,
}
