using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Api;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Files;

/// <summary>
/// What charge points reach over plain HTTP(S) without operator credentials: firmware downloads and diagnostics and log
/// uploads. The unguessable token in each URL is the only key, so an unknown or wrong one is simply not found.
/// </summary>
public static class FileTransferEndpoints
{
    public static IEndpointRouteBuilder MapFileTransfer(this IEndpointRouteBuilder endpoints)
    {
        // Charge points, not operators, use these: they stay out of the operator API's document.
        var files = endpoints.MapGroup("/files").ExcludeFromDescription();
        files.MapMethods("/firmware/{fileId}/{**fileName}", [HttpMethods.Get, HttpMethods.Head], DownloadFirmwareAsync);
        files.MapMethods("/uploads/{jobId}/{secret}/{**fileName}", [HttpMethods.Put, HttpMethods.Post], UploadAsync);
        return endpoints;
    }

    public static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadFirmwareAsync(
        string fileId, [FromServices] IGrainFactory grains, [FromServices] FileStore store)
    {
        var path = store.FirmwarePath(FileStore.IsToken(fileId) ? fileId : "");
        return await FirmwareFilesApi.FindAsync(grains, fileId) is { } file && File.Exists(path)
            ? TypedResults.PhysicalFile(path, file.ContentType, fileDownloadName: null, file.UploadedAt, enableRangeProcessing: true)
            : ApiProblems.NotFound("Unknown firmware", "No firmware is served at this URL.");
    }

    public static async Task<Results<Ok<UploadReceipt>, ProblemHttpResult>> UploadAsync(
        string jobId,
        string secret,
        string? fileName,
        HttpRequest http,
        [FromServices] IGrainFactory grains,
        [FromServices] FileStore store,
        [FromServices] IOptions<FilesOptions> options,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var job = FileStore.IsToken(secret) ? await MaintenanceJobsApi.FindAsync(grains, jobId) : null;
        if (job?.UploadSecret is not { } expected || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(secret)))
        {
            return ApiProblems.NotFound("Unknown upload", "No upload is expected at this URL.");
        }

        var saved = await FileUploads.SaveAsync(http, store, store.UploadPath(job.JobId), fileName, options.Value.MaxUploadBytes, cancellationToken);
        if (saved.Problem is { } problem)
        {
            return problem;
        }

        var (file, size, sha256) = saved.File!.Value;
        var name = file.FileName ?? IncomingFile.Clean(job.FileName) ?? $"job-{job.JobId}.bin";
        await grains.GetGrain<IMaintenanceJobGrain>(job.JobId).RecordUploadAsync(new JobFile(name, size, sha256, file.ContentType, time.GetUtcNow()));
        return TypedResults.Ok(new UploadReceipt(name, size, sha256));
    }
}

/// <summary>What the CSMS took from an upload.</summary>
public sealed record UploadReceipt(string FileName, long Size, string Sha256);
