namespace OrleansCsms.Grains;

/// <summary>
/// The grain type names, pinned so that renaming a class never orphans its stored state: they are part of every
/// storage key, and partial indexes in the storage migrations name them literally.
/// </summary>
public static class GrainTypes
{
    public const string ChargePoint = "ChargePoint";
    public const string Transaction = "Transaction";
    public const string IdTag = "IdTag";
    public const string Reservation = "Reservation";
    public const string ReservationIds = "ReservationIds";
    public const string LocalAuthList = "LocalAuthList";
    public const string ChargingProfiles = "ChargingProfiles";
    public const string ChargePointCertificates = "ChargePointCertificates";
    public const string SecurityEventLog = "SecurityEventLog";
    public const string ChargePointSecurity = "ChargePointSecurity";
    public const string MaintenanceJob = "MaintenanceJob";
    public const string MaintenanceJobIds = "MaintenanceJobIds";
    public const string FirmwareFile = "FirmwareFile";
    public const string ClusterStatistics = "ClusterStatistics";
    public const string RemoteStartIds = "RemoteStartIds";
    public const string DeviceModel = "DeviceModel";
    public const string WebhookDelivery = "WebhookDelivery";
    public const string Iso15118Certificates = "Iso15118Certificates";
    public const string Tariffs = "Tariffs";
    public const string DisplayMessages = "DisplayMessages";
    public const string CustomerInformation = "CustomerInformation";
    public const string SignInAttempts = "SignInAttempts";

    /// <summary>The name of the grain storage provider that holds the domain grains' state.</summary>
    public const string StorageName = "csms";

    /// <summary>The name of each domain grain's one persistent state.</summary>
    public const string StateName = "state";
}
