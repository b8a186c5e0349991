using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Frontend.Files;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Firmware updates, diagnostics and logs as jobs the CSMS keeps (UpdateFirmware, GetDiagnostics, GetLog,
/// SignedUpdateFirmware): started here, followed through the charge point's status notifications, listed per charge point.
/// </summary>
public static class MaintenanceJobsApi
{
    private const string Tag = "Firmware, diagnostics and logs";

    public static IEndpointRouteBuilder MapMaintenanceJobsApi(this IEndpointRouteBuilder endpoints)
    {
        var chargePoint = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .WithTags(Tag);

        chargePoint.MapPost("/update-firmware", MaintenanceJobStarts.UpdateFirmwareAsync)
            .Accepts<FirmwareUpdateRequest>("application/json")
            .Produces<MaintenanceJobResponse>(StatusCodes.Status201Created)
            .ProducesCallProblems()
            .WithName("UpdateFirmware")
            .WithSummary(
                "Asks the charge point to download firmware from a location, or from the CSMS (firmwareFileId), from a date on and install it " +
                "(UpdateFirmware); answers 201 with the job, which FirmwareStatusNotifications then move on.");

        chargePoint.MapPost("/get-diagnostics", MaintenanceJobStarts.GetDiagnosticsAsync)
            .Accepts<DiagnosticsRequest>("application/json")
            .Produces<MaintenanceJobResponse>(StatusCodes.Status201Created)
            .ProducesCallProblems()
            .WithName("GetDiagnostics")
            .WithSummary(
                "Asks the charge point to upload its diagnostics to a location, or without one to the CSMS (GetDiagnostics); answers 201 with " +
                "the job and the file name the charge point gave, which DiagnosticsStatusNotifications then move on.");

        chargePoint.MapPost("/get-log", MaintenanceJobStarts.GetLogAsync)
            .Accepts<GetLogRequest>("application/json")
            .Produces<MaintenanceJobResponse>(StatusCodes.Status201Created)
            .ProducesCallProblems()
            .WithName("GetLog")
            .WithSummary(
                "Asks the charge point to upload its DiagnosticsLog or SecurityLog to a location, or without one to the CSMS (GetLog, the job id " +
                "as requestId); answers 201 with the job and the charge point's status, which LogStatusNotifications then move on.");

        chargePoint.MapPost("/signed-update-firmware", MaintenanceJobStarts.SignedUpdateFirmwareAsync)
            .Accepts<SignedUpdateFirmwareRequest>("application/json")
            .Produces<MaintenanceJobResponse>(StatusCodes.Status201Created)
            .ProducesCallProblems()
            .WithName("SignedUpdateFirmware")
            .WithSummary(
                "Asks the charge point to download signed firmware from a location or from the CSMS, verify it and install it (SignedUpdateFirmware, " +
                "the job id as requestId); answers 201 with the job and the charge point's status, which SignedFirmwareStatusNotifications then move on.");

        chargePoint.MapGet("/jobs", ListAsync)
            .WithName("ListChargePointJobs")
            .WithSummary("Lists a charge point's firmware, diagnostics and log jobs, newest first.");

        var jobs = endpoints.MapGroup("/jobs").WithTags(Tag);

        jobs.MapGet("/{jobId}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetJob")
            .WithSummary("Returns a job: its request, the charge point's answer, its status history, where it stands and whether it is finished.");

        jobs.MapGet("/{jobId}/file", DownloadAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadJobFile")
            .WithSummary("Downloads the file the charge point uploaded to the CSMS for a diagnostics or log job.");

        return endpoints;
    }

    public static async Task<Results<Ok<PagedResponse<MaintenanceJobResponse>>, ValidationProblem>> ListAsync(
        string id, int? page, int? pageSize, [FromServices] ICsmsQueries queries, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (pageNumber, size) = Paging.Resolve(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var result = await queries.ListMaintenanceJobsAsync(id, pageNumber, size, cancellationToken);
        return TypedResults.Ok(result.ToResponse(j => j.ToResponse()));
    }

    public static async Task<Results<Ok<MaintenanceJobResponse>, ProblemHttpResult>> GetAsync(string jobId, [FromServices] IGrainFactory grains) =>
        await FindAsync(grains, jobId) is { } job ? TypedResults.Ok(job.ToResponse()) : UnknownJob(jobId);

    public static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadAsync(
        string jobId, [FromServices] IGrainFactory grains, [FromServices] FileStore files)
    {
        if (await FindAsync(grains, jobId) is not { } job)
        {
            return UnknownJob(jobId);
        }

        var path = files.UploadPath(job.JobId);
        return job.Upload is { } upload && File.Exists(path)
            ? TypedResults.PhysicalFile(path, upload.ContentType, upload.FileName, upload.UploadedAt, enableRangeProcessing: true)
            : ApiProblems.NotFound("No uploaded file", $"Job {jobId} has no file uploaded to the CSMS.");
    }

    internal static async Task<MaintenanceJobState?> FindAsync(IGrainFactory grains, string jobId) =>
        ParseId(jobId) is { } number ? await grains.GetGrain<IMaintenanceJobGrain>(number).GetAsync() : null;

    // Any id that is not a positive int32 cannot name a job (job ids are OCPP requestIds), so it is as unknown as a missing one.
    internal static int? ParseId(string jobId) =>
        int.TryParse(jobId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;

    private static ProblemHttpResult UnknownJob(string jobId) => ApiProblems.NotFound("Unknown job", $"No job '{jobId}' is known.");
}
