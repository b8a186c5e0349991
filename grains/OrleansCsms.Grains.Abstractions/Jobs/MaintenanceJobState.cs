using System.Text.Json;

namespace OrleansCsms.Grains;

/// <summary>Persisted state of a maintenance job grain.</summary>
[GenerateSerializer]
[Alias("csms.MaintenanceJobState")]
public sealed class MaintenanceJobState
{
    [Id(0)]
    public int JobId { get; set; }

    [Id(1)]
    public string ChargePointId { get; set; } = "";

    /// <summary>One of <see cref="MaintenanceJobKinds"/>: the OCPP action sent.</summary>
    [Id(2)]
    public string Kind { get; set; } = "";

    /// <summary>The request's payload exactly as sent to the charge point.</summary>
    [Id(3)]
    public JsonElement Request { get; set; }

    [Id(4)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the charge point answered the request; null when it did not (yet).</summary>
    [Id(5)]
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>The charge point's CALLRESULT payload as it sent it.</summary>
    [Id(6)]
    public JsonElement? Answer { get; set; }

    /// <summary>The status the charge point answered with (GetLog, SignedUpdateFirmware).</summary>
    [Id(7)]
    public string? AnswerStatus { get; set; }

    /// <summary>The name of the file the charge point said it will upload (GetDiagnostics, GetLog).</summary>
    [Id(8)]
    public string? FileName { get; set; }

    /// <summary>The CALLERROR code when the charge point answered with one.</summary>
    [Id(9)]
    public string? ErrorCode { get; set; }

    [Id(10)]
    public string? ErrorDescription { get; set; }

    /// <summary>Where the job stands: one of <see cref="MaintenanceJobStates"/> or the last status the charge point notified.</summary>
    [Id(11)]
    public string State { get; set; } = MaintenanceJobStates.Requested;

    /// <summary>Whether the job has ended; an ended job takes no more notifications.</summary>
    [Id(12)]
    public bool Finished { get; set; }

    [Id(13)]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The status notifications that followed, oldest first.</summary>
    [Id(14)]
    public List<JobStatusEntry> History { get; set; } = [];

    /// <summary>
    /// The secret in the upload URL the CSMS gave the charge point (GetDiagnostics, GetLog without an operator's
    /// location); null when the job takes no upload. Never returned by the API.
    /// </summary>
    [Id(15)]
    public string? UploadSecret { get; set; }

    /// <summary>The file the charge point uploaded to the CSMS, the latest when it uploaded more than once.</summary>
    [Id(16)]
    public JobFile? Upload { get; set; }

    /// <summary>The uploaded firmware file the request points at, when the operator named one.</summary>
    [Id(17)]
    public string? FirmwareFileId { get; set; }

    /// <summary>Where a local controller serves the firmware a PublishFirmware job published (OCPP 2.0.1), as it last notified them.</summary>
    [Id(500)]
    public List<string>? PublishedLocations { get; set; }
}

/// <summary>One status notification of a job, as the charge point sent it, and when it arrived.</summary>
[GenerateSerializer]
[Alias("csms.JobStatusEntry")]
[Immutable]
public sealed record JobStatusEntry(string Status, DateTimeOffset At);

/// <summary>A file a charge point uploaded to the CSMS for a job; its bytes are in the files directory under the job's id.</summary>
[GenerateSerializer]
[Alias("csms.JobFile")]
[Immutable]
public sealed record JobFile(string FileName, long Size, string Sha256, string ContentType, DateTimeOffset UploadedAt);

/// <summary>The kinds of job: the OCPP action each sends.</summary>
public static class MaintenanceJobKinds
{
    public const string UpdateFirmware = "UpdateFirmware";
    public const string GetDiagnostics = "GetDiagnostics";
    public const string GetLog = "GetLog";
    public const string SignedUpdateFirmware = "SignedUpdateFirmware";

    /// <summary>OCPP 2.0.1: a local controller downloads firmware and serves it to the stations behind it.</summary>
    public const string PublishFirmware = "PublishFirmware";

    /// <summary>OCPP 2.0.1: a local controller stops serving published firmware; the answer ends the job.</summary>
    public const string UnpublishFirmware = "UnpublishFirmware";

    /// <summary>The kind of job a status notification reports on.</summary>
    public static string? OfNotification(string action) => action switch
    {
        "FirmwareStatusNotification" => UpdateFirmware,
        "DiagnosticsStatusNotification" => GetDiagnostics,
        "LogStatusNotification" => GetLog,
        "SignedFirmwareStatusNotification" => SignedUpdateFirmware,
        "PublishFirmwareStatusNotification" => PublishFirmware,
        _ => null,
    };

    /// <summary>
    /// Whether a notified status ends a job of <paramref name="kind"/>: installed or failed, uploaded or failed. The
    /// others (Downloading, SignatureVerified, Uploading, ...) are steps on the way. An OCPP 2.0.1 UpdateFirmware, signed
    /// or not, reports with FirmwareStatusNotification and can also end with a bad signature or a failed verification.
    /// </summary>
    public static bool Ends(string kind, string status) => kind switch
    {
        UpdateFirmware => status is "Installed" or "InstallationFailed" or "DownloadFailed" or "InvalidSignature" or "InstallVerificationFailed",
        SignedUpdateFirmware => status is "Installed" or "InstallationFailed" or "DownloadFailed" or "InvalidSignature" or "InstallVerificationFailed",
        PublishFirmware => status is "Published" or "DownloadFailed" or "InvalidChecksum" or "PublishFailed",
        GetDiagnostics => status is "Uploaded" or "UploadFailed",
        // 2.0.1 adds AcceptedCanceled: the station cancelled this upload for a newer GetLog.
        GetLog => status is "Uploaded" or "UploadFailure" or "BadMessage" or "NotSupportedOperation" or "PermissionDenied" or "AcceptedCanceled",
        _ => false,
    };
}

/// <summary>The states of a job the CSMS sets itself; the others are the statuses the charge point notified.</summary>
public static class MaintenanceJobStates
{
    /// <summary>Sent and answered (Accepted, or an empty answer where OCPP has no status); waiting for its notifications.</summary>
    public const string Requested = "Requested";

    /// <summary>Sent, but the charge point did not answer in time: it may still be working on it, so notifications are still taken.</summary>
    public const string NoAnswer = "NoAnswer";

    /// <summary>The charge point answered with a CALLERROR.</summary>
    public const string CallError = "CallError";

    /// <summary>The connection closed before the request could be sent.</summary>
    public const string NotSent = "NotSent";

    /// <summary>A newer job of the same kind replaced it on the charge point before it ended.</summary>
    public const string Superseded = "Superseded";

    /// <summary>The charge point cancelled it for a newer one (it answered the newer one AcceptedCanceled).</summary>
    public const string Cancelled = "Cancelled";
}

/// <summary>What an operator starts: a request to one charge point, with the upload secret or firmware file it uses.</summary>
[GenerateSerializer]
[Alias("csms.MaintenanceJobRequest")]
[Immutable]
public sealed record MaintenanceJobRequest(string ChargePointId, ChargePointCommand Command, string? UploadSecret = null, string? FirmwareFileId = null);

/// <summary>How starting a job ended: the call to the charge point and the job as stored (null when nothing was stored).</summary>
[GenerateSerializer]
[Alias("csms.MaintenanceJobOutcome")]
public sealed record MaintenanceJobOutcome(ChargePointCallResult Call, MaintenanceJobState? Job);

/// <summary>Have the charge point upload a log (DiagnosticsLog or SecurityLog) to a location; the job id is the requestId.</summary>
[GenerateSerializer]
[Alias("csms.GetLogCommand")]
public sealed record GetLogCommand(
    string LogType,
    string RemoteLocation,
    DateTimeOffset? OldestTimestamp = null,
    DateTimeOffset? LatestTimestamp = null,
    int? Retries = null,
    int? RetryInterval = null) : ChargePointCommand;

/// <summary>Have the charge point download signed firmware, check its signature and install it; the job id is the requestId.</summary>
[GenerateSerializer]
[Alias("csms.SignedUpdateFirmwareCommand")]
public sealed record SignedUpdateFirmwareCommand(
    string Location,
    DateTimeOffset RetrieveDateTime,
    string SigningCertificate,
    string Signature,
    DateTimeOffset? InstallDateTime = null,
    int? Retries = null,
    int? RetryInterval = null) : ChargePointCommand;

/// <summary>Persisted state of a firmware file grain: what describes the bytes an operator uploaded.</summary>
[GenerateSerializer]
[Alias("csms.FirmwareFileState")]
public sealed class FirmwareFileState
{
    [Id(0)]
    public string FileId { get; set; } = "";

    /// <summary>The file's name as the operator uploaded it; the last segment of its download URL.</summary>
    [Id(1)]
    public string FileName { get; set; } = "";

    [Id(2)]
    public long Size { get; set; }

    /// <summary>SHA-256 of the bytes, hex, for the operator to check against the vendor's.</summary>
    [Id(3)]
    public string Sha256 { get; set; } = "";

    [Id(4)]
    public string ContentType { get; set; } = "application/octet-stream";

    [Id(5)]
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>Whether a charge point took a job as its latest of its kind (<see cref="CallOutcome.Completed"/>), and the job it replaced.</summary>
[GenerateSerializer]
[Alias("csms.JobTracking")]
[Immutable]
public sealed record JobTracking(CallOutcome Outcome, int? PreviousJobId = null);
