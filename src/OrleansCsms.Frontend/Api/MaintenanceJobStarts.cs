using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Files;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// The requests that start a job: checked, given a job id (GetLog's and SignedUpdateFirmware's requestId), pointed at the
/// CSMS's own files where the operator names no location, then sent by the job's grain.
/// </summary>
public static class MaintenanceJobStarts
{
    public static async Task<Results<Created<MaintenanceJobResponse>, ValidationProblem, ProblemHttpResult>> UpdateFirmwareAsync(
        string id, JsonBody<FirmwareUpdateRequest> body, HttpRequest http, [FromServices] IGrainFactory grains, [FromServices] IOptions<FilesOptions> files,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .OneFirmwareSource(request.Location, request.FirmwareFileId)
            .Check(request.RetrieveDate is not null, "retrieveDate", "Required: when the charge point may start downloading.")
            .Check(
                request is not { RetrieveDate: { } retrieve, InstallDateTime: { } install } || install >= retrieve,
                "installDateTime",
                "Must not be before retrieveDate.")
            .NotNegative("retries", request.Retries)
            .NotNegative("retryInterval", request.RetryInterval);
        var location = await FirmwareLocationAsync(grains, http, files.Value, request.Location, request.FirmwareFileId, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var command = new UpdateFirmwareCommand(location!, request.RetrieveDate!.Value, request.Retries, request.RetryInterval, request.InstallDateTime);
        return await StartAsync(grains, id, command, null, request.FirmwareFileId, cancellationToken);
    }

    public static async Task<Results<Created<MaintenanceJobResponse>, ValidationProblem, ProblemHttpResult>> GetDiagnosticsAsync(
        string id, JsonBody<DiagnosticsRequest> body, HttpRequest http, [FromServices] IGrainFactory grains, [FromServices] IOptions<FilesOptions> files,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .TransferLocation("location", request.Location, required: false)
            .NotNegative("retries", request.Retries)
            .NotNegative("retryInterval", request.RetryInterval)
            .Check(request is not { StartTime: { } start, StopTime: { } stop } || start <= stop, "stopTime", "Must not be before startTime.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var (jobId, secret, location) = await UploadTargetAsync(grains, http, files.Value, request.Location);
        var command = new GetDiagnosticsCommand(location, request.Retries, request.RetryInterval, request.StartTime, request.StopTime);
        return await StartAsync(grains, id, command, secret, null, cancellationToken, jobId);
    }

    public static async Task<Results<Created<MaintenanceJobResponse>, ValidationProblem, ProblemHttpResult>> GetLogAsync(
        string id, JsonBody<GetLogRequest> body, HttpRequest http, [FromServices] IGrainFactory grains, [FromServices] IOptions<FilesOptions> files,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .OneOf("logType", request.LogType, MaintenanceJobMapping.LogTypes)
            .TransferLocation("remoteLocation", request.RemoteLocation, required: false, MaintenanceJobMapping.MaxSecurityLocationLength)
            .NotNegative("retries", request.Retries)
            .NotNegative("retryInterval", request.RetryInterval)
            .Check(
                request is not { OldestTimestamp: { } oldest, LatestTimestamp: { } latest } || oldest <= latest,
                "latestTimestamp",
                "Must not be before oldestTimestamp.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var (jobId, secret, location) = await UploadTargetAsync(grains, http, files.Value, request.RemoteLocation);
        var command = new GetLogCommand(request.LogType!, location, request.OldestTimestamp, request.LatestTimestamp, request.Retries, request.RetryInterval);
        return await StartAsync(grains, id, command, secret, null, cancellationToken, jobId);
    }

    public static async Task<Results<Created<MaintenanceJobResponse>, ValidationProblem, ProblemHttpResult>> SignedUpdateFirmwareAsync(
        string id, JsonBody<SignedUpdateFirmwareRequest> body, HttpRequest http, [FromServices] IGrainFactory grains, [FromServices] IOptions<FilesOptions> files,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .OneFirmwareSource(request.Location, request.FirmwareFileId, MaintenanceJobMapping.MaxSecurityLocationLength)
            .Check(request.RetrieveDateTime is not null, "retrieveDateTime", "Required: when the charge point may start downloading.")
            .Check(
                request is not { RetrieveDateTime: { } retrieve, InstallDateTime: { } install } || install >= retrieve,
                "installDateTime",
                "Must not be before retrieveDateTime.")
            .PemCertificate("signingCertificate", request.SigningCertificate)
            .Base64Signature("signature", request.Signature)
            .NotNegative("retries", request.Retries)
            .NotNegative("retryInterval", request.RetryInterval);
        var location = await FirmwareLocationAsync(grains, http, files.Value, request.Location, request.FirmwareFileId, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var command = new SignedUpdateFirmwareCommand(
            location!, request.RetrieveDateTime!.Value, request.SigningCertificate!, request.Signature!, request.InstallDateTime, request.Retries, request.RetryInterval);
        return await StartAsync(grains, id, command, null, request.FirmwareFileId, cancellationToken);
    }

    /// <summary>The location the operator gave, or the download URL of the uploaded firmware file it names (an error when there is none).</summary>
    internal static async Task<string?> FirmwareLocationAsync(
        IGrainFactory grains, HttpRequest http, FilesOptions files, string? location, string? firmwareFileId, ValidationErrors errors)
    {
        if (firmwareFileId is null || location is not null)
        {
            return location;
        }

        var file = FileStore.IsToken(firmwareFileId) ? await grains.GetGrain<IFirmwareFileGrain>(firmwareFileId).GetAsync() : null;
        if (file is null)
        {
            errors.Add("firmwareFileId", $"No uploaded firmware file '{firmwareFileId}' is known.");
            return null;
        }

        return PublicLinks.Firmware(PublicLinks.BaseOf(http, files), file.FileId, file.FileName);
    }

    /// <summary>
    /// A new job's id and where its charge point uploads: the location the operator gave, or else the CSMS's own upload
    /// URL for the job, with the secret that URL carries.
    /// </summary>
    private static async Task<(int JobId, string? Secret, string Location)> UploadTargetAsync(IGrainFactory grains, HttpRequest http, FilesOptions files, string? location)
    {
        var jobId = await NextIdAsync(grains);
        if (location is not null)
        {
            return (jobId, null, location);
        }

        var secret = FileStore.NewToken();
        return (jobId, secret, PublicLinks.Upload(PublicLinks.BaseOf(http, files), jobId, secret));
    }

    private static Task<int> NextIdAsync(IGrainFactory grains) => grains.GetGrain<IMaintenanceJobIdsGrain>(IMaintenanceJobIdsGrain.Key).NextAsync();

    internal static async Task<Results<Created<MaintenanceJobResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        IGrainFactory grains, string chargePointId, ChargePointCommand command, string? uploadSecret, string? firmwareFileId,
        CancellationToken cancellationToken, int? jobId = null)
    {
        var id = jobId ?? await NextIdAsync(grains);
        var outcome = await grains.GetGrain<IMaintenanceJobGrain>(id)
            .StartAsync(new MaintenanceJobRequest(chargePointId, command, uploadSecret, firmwareFileId), cancellationToken);
        if (outcome is { Job: { } job, Call.Outcome: CallOutcome.Completed })
        {
            return TypedResults.Created($"/api/jobs/{id.ToString(CultureInfo.InvariantCulture)}", job.ToResponse());
        }

        // Sent but unanswered or answered with an error: the job is kept (an unanswered one may still be under way), and named.
        var problem = outcome.Call.ToProblem(chargePointId, ActionOf(command));
        if (outcome.Job is { } kept)
        {
            problem.ProblemDetails.Extensions["jobId"] = kept.JobId;
        }

        return problem;
    }

    private static string ActionOf(ChargePointCommand command) => command switch
    {
        UpdateFirmwareCommand => MaintenanceJobKinds.UpdateFirmware,
        GetDiagnosticsCommand => MaintenanceJobKinds.GetDiagnostics,
        GetLogCommand => MaintenanceJobKinds.GetLog,
        PublishFirmwareCommand => MaintenanceJobKinds.PublishFirmware,
        UnpublishFirmwareCommand => MaintenanceJobKinds.UnpublishFirmware,
        _ => MaintenanceJobKinds.SignedUpdateFirmware,
    };
}
