using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Have the charge point upload a log: DiagnosticsLog or SecurityLog, optionally only the entries of a time window,
/// to <see cref="RemoteLocation"/>, or when that is left out to an upload URL of the CSMS's own.
/// </summary>
public sealed record GetLogRequest(
    string? LogType, string? RemoteLocation, DateTimeOffset? OldestTimestamp, DateTimeOffset? LatestTimestamp, int? Retries, int? RetryInterval);

/// <summary>
/// Have the charge point download signed firmware from <see cref="Location"/> (or the uploaded firmware file
/// <see cref="FirmwareFileId"/>), check its signature against the PEM signing certificate and install it.
/// </summary>
public sealed record SignedUpdateFirmwareRequest(
    string? Location,
    string? FirmwareFileId,
    DateTimeOffset? RetrieveDateTime,
    DateTimeOffset? InstallDateTime,
    string? SigningCertificate,
    string? Signature,
    int? Retries,
    int? RetryInterval);

/// <summary>
/// OCPP 2.0.1: have a local controller download firmware from <see cref="Location"/> (or the uploaded firmware file
/// <see cref="FirmwareFileId"/>) and serve it to the stations behind it. <see cref="Checksum"/> is its MD5, hex; for an
/// uploaded file the CSMS computes it when left out.
/// </summary>
public sealed record PublishFirmwareRequest(string? Location, string? FirmwareFileId, string? Checksum, int? Retries, int? RetryInterval);

/// <summary>OCPP 2.0.1: have a local controller stop serving the firmware whose MD5 is <see cref="Checksum"/>.</summary>
public sealed record UnpublishFirmwareRequest(string? Checksum);

/// <summary>
/// A maintenance job: the request as sent, the charge point's answer (its <see cref="AnswerStatus"/> and the
/// <see cref="FileName"/> it will upload), the status notifications that followed and where it stands now.
/// </summary>
public sealed record MaintenanceJobResponse(
    int JobId,
    string ChargePointId,
    string Kind,
    JsonElement Request,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AnsweredAt,
    JsonElement? Answer,
    string? AnswerStatus,
    string? FileName,
    string? ErrorCode,
    string? ErrorDescription,
    string State,
    bool Finished,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<JobStatusEntry> History,
    bool UploadsToCsms,
    UploadedFileResponse? Upload,
    string? FirmwareFileId,
    IReadOnlyList<string>? PublishedLocations = null);

/// <summary>A file a charge point uploaded to the CSMS for a job; <see cref="DownloadPath"/> serves it to the operator.</summary>
public sealed record UploadedFileResponse(string FileName, long Size, string Sha256, string ContentType, DateTimeOffset UploadedAt, string DownloadPath);

/// <summary>An uploaded firmware file and the URL charge points download it from, without credentials.</summary>
public sealed record FirmwareFileResponse(string FileId, string FileName, long Size, string Sha256, string ContentType, DateTimeOffset UploadedAt, string Url);

/// <summary>How jobs and firmware files are shown, and the checks their requests get.</summary>
public static class MaintenanceJobMapping
{
    /// <summary>The schemes a charge point is given to download from or upload to (OCPP 1.6 and its security whitepaper name these).</summary>
    public static readonly IReadOnlyList<string> TransferSchemes = ["http", "https", "ftp", "ftps"];

    public static readonly IReadOnlyList<string> LogTypes = ["DiagnosticsLog", "SecurityLog"];

    /// <summary>GetLog's remoteLocation and SignedUpdateFirmware's location: at most 512 characters (the schemas).</summary>
    public const int MaxSecurityLocationLength = 512;

    public const int MaxSigningCertificateLength = 5500;

    public const int MaxSignatureLength = 800;

    public static MaintenanceJobResponse ToResponse(this MaintenanceJobState job) => new(
        job.JobId,
        job.ChargePointId,
        job.Kind,
        job.Request,
        job.CreatedAt,
        job.AnsweredAt,
        job.Answer,
        job.AnswerStatus,
        job.FileName,
        job.ErrorCode,
        job.ErrorDescription,
        job.State,
        job.Finished,
        job.UpdatedAt,
        job.History,
        job.UploadSecret is not null,
        job.Upload is { } file
            ? new UploadedFileResponse(file.FileName, file.Size, file.Sha256, file.ContentType, file.UploadedAt, $"/api/jobs/{job.JobId.ToString(CultureInfo.InvariantCulture)}/file")
            : null,
        job.FirmwareFileId,
        job.PublishedLocations);

    /// <summary>
    /// A location a charge point downloads from or uploads to: an absolute URI written out with one of
    /// <see cref="TransferSchemes"/> and a host; null passes when it is not <paramref name="required"/>.
    /// </summary>
    public static ValidationErrors TransferLocation(this ValidationErrors errors, string field, string? value, bool required, int? maxLength = null)
    {
        if (value is null)
        {
            return required ? errors.Add(field, "Required.") : errors;
        }

        var valid = Uri.TryCreate(value, UriKind.Absolute, out var uri)
            && value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase)
            && TransferSchemes.Contains(uri.Scheme, StringComparer.OrdinalIgnoreCase)
            && uri.Host.Length > 0;
        errors.Check(valid, field, $"Must be an absolute URI with a host and one of the schemes {string.Join(", ", TransferSchemes)}, such as ftp://logs.example.com/uploads/.");
        return errors.Check(maxLength is null || value.Length <= maxLength, field, $"Must be at most {maxLength} characters.");
    }

    /// <summary>Exactly one of a location and an uploaded firmware file.</summary>
    public static ValidationErrors OneFirmwareSource(this ValidationErrors errors, string? location, string? firmwareFileId, int? maxLength = null)
    {
        if (location is null && firmwareFileId is null)
        {
            return errors.Add("location", "Required: a location, or the firmwareFileId of an uploaded firmware file.");
        }

        if (location is not null && firmwareFileId is not null)
        {
            return errors.Add("firmwareFileId", "Give either a location or a firmwareFileId, not both.");
        }

        return errors.TransferLocation("location", location, required: false, maxLength);
    }

    /// <summary>A PEM X.509 certificate, as SignedUpdateFirmware's signingCertificate must be.</summary>
    public static ValidationErrors PemCertificate(this ValidationErrors errors, string field, string? pem)
    {
        errors.Length(field, pem, 1, MaxSigningCertificateLength);
        if (pem is null || pem.Length > MaxSigningCertificateLength)
        {
            return errors;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            return errors;
        }
        catch (CryptographicException)
        {
            return errors.Add(field, "Must be an X.509 certificate in PEM (-----BEGIN CERTIFICATE----- ...).");
        }
    }

    /// <summary>A base64 signature of the firmware, as SignedUpdateFirmware's signature must be.</summary>
    public static ValidationErrors Base64Signature(this ValidationErrors errors, string field, string? signature)
    {
        errors.Length(field, signature, 1, MaxSignatureLength);
        return signature is null || signature.Length > MaxSignatureLength
            ? errors
            : errors.Check(Convert.TryFromBase64String(signature, new byte[signature.Length], out _), field, "Must be base64.");
    }
}
