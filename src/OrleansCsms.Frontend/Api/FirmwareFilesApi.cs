using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Files;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Firmware files the operator uploads for the CSMS to serve: each gets an unguessable URL charge points download it
/// from without credentials, and update-firmware can name it instead of a location.
/// </summary>
public static class FirmwareFilesApi
{
    private const string Tag = "Firmware, diagnostics and logs";

    public static IEndpointRouteBuilder MapFirmwareFilesApi(this IEndpointRouteBuilder endpoints)
    {
        var files = endpoints.MapGroup("/firmware-files").WithTags(Tag);

        files.MapPost("/", UploadAsync)
            .Accepts<IFormFile>("multipart/form-data", "application/octet-stream")
            .Produces<FirmwareFileResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("UploadFirmwareFile")
            .WithSummary(
                "Uploads a firmware file (the raw body, its name in ?fileName=, or multipart/form-data) of at most Files:MaxFirmwareBytes; " +
                "answers 201 with its id, size, SHA-256 and the URL charge points download it from.");

        files.MapGet("/{fileId}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetFirmwareFile")
            .WithSummary("Returns an uploaded firmware file's name, size, SHA-256 and download URL.");

        files.MapDelete("/{fileId}", DeleteAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteFirmwareFile")
            .WithSummary("Deletes an uploaded firmware file; its URL serves nothing from then on.");

        return endpoints;
    }

    public static async Task<Results<Created<FirmwareFileResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpRequest http, [FromServices] IGrainFactory grains, [FromServices] FileStore store, [FromServices] IOptions<FilesOptions> options,
        [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxFirmwareBytes;
        var fileId = FileStore.NewToken();
        var path = store.FirmwarePath(fileId);
        var saved = await FileUploads.SaveAsync(http, store, path, null, limit, cancellationToken);
        if (saved.Problem is { } problem)
        {
            return problem;
        }

        var (file, size, sha256) = saved.File!.Value;
        var state = new FirmwareFileState
        {
            FileId = fileId,
            FileName = file.FileName ?? "firmware.bin",
            Size = size,
            Sha256 = sha256,
            ContentType = file.ContentType,
            UploadedAt = time.GetUtcNow(),
        };
        if (!await grains.GetGrain<IFirmwareFileGrain>(fileId).CreateAsync(state))
        {
            throw new InvalidOperationException($"Firmware file id {fileId} was issued twice.");
        }

        var response = ToResponse(state, PublicLinks.BaseOf(http, options.Value));
        return TypedResults.Created($"/api/firmware-files/{fileId}", response);
    }

    public static async Task<Results<Ok<FirmwareFileResponse>, ProblemHttpResult>> GetAsync(
        string fileId, HttpRequest http, [FromServices] IGrainFactory grains, [FromServices] IOptions<FilesOptions> options) =>
        await FindAsync(grains, fileId) is { } file ? TypedResults.Ok(ToResponse(file, PublicLinks.BaseOf(http, options.Value))) : UnknownFile(fileId);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string fileId, [FromServices] IGrainFactory grains, [FromServices] FileStore store)
    {
        if (await FindAsync(grains, fileId) is null || !await grains.GetGrain<IFirmwareFileGrain>(fileId).DeleteAsync())
        {
            return UnknownFile(fileId);
        }

        FileStore.Delete(store.FirmwarePath(fileId));
        return TypedResults.NoContent();
    }

    internal static async Task<FirmwareFileState?> FindAsync(IGrainFactory grains, string fileId) =>
        FileStore.IsToken(fileId) ? await grains.GetGrain<IFirmwareFileGrain>(fileId).GetAsync() : null;

    private static FirmwareFileResponse ToResponse(FirmwareFileState file, string baseUrl) => new(
        file.FileId, file.FileName, file.Size, file.Sha256, file.ContentType, file.UploadedAt, PublicLinks.Firmware(baseUrl, file.FileId, file.FileName));

    private static ProblemHttpResult UnknownFile(string fileId) => ApiProblems.NotFound("Unknown firmware file", $"No firmware file '{fileId}' is known.");
}
