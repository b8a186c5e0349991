namespace OrleansCsms.Grains;

/// <summary>
/// OCPP 2.0.1 only: have a local controller download firmware, check it against its MD5 checksum and serve it to the
/// stations behind it; the job id is the requestId.
/// </summary>
[GenerateSerializer]
[Alias("csms.PublishFirmwareCommand")]
public sealed record PublishFirmwareCommand(string Location, string Checksum, int? Retries = null, int? RetryInterval = null) : ChargePointCommand;

/// <summary>OCPP 2.0.1 only: have a local controller stop serving the firmware it published with this MD5 checksum.</summary>
[GenerateSerializer]
[Alias("csms.UnpublishFirmwareCommand")]
public sealed record UnpublishFirmwareCommand(string Checksum) : ChargePointCommand;
