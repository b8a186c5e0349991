using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
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
/// OCPP 2.0.1 local controllers (block L, L03 and L04): publishing firmware for the stations behind one, and taking it
/// back. Both are jobs, listed with the charge point's other jobs; a PublishFirmwareStatusNotification moves a publish
/// on and names where the controller serves the file. A 1.6 charge point is refused with 409.
/// </summary>
public static class FirmwarePublishingApi
{
    private const string Tag = "Firmware, diagnostics and logs";

    public static IEndpointRouteBuilder MapFirmwarePublishingApi(this IEndpointRouteBuilder endpoints)
    {
        var chargePoint = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .WithTags(Tag);

        chargePoint.MapPost("/publish-firmware", PublishAsync)
            .Accepts<PublishFirmwareRequest>("application/json")
            .Produces<MaintenanceJobResponse>(StatusCodes.Status201Created)
            .ProducesCallProblems()
            .WithName("PublishFirmware")
            .WithSummary(
                "OCPP 2.0.1: asks a local controller to download firmware from a location or from the CSMS, check its MD5 checksum and serve it " +
                "to the stations behind it (PublishFirmware, the job id as requestId); answers 201 with the job, which " +
                "PublishFirmwareStatusNotifications then move on until Published (with the locations served) or a failure.");

        chargePoint.MapPost("/unpublish-firmware", UnpublishAsync)
            .Accepts<UnpublishFirmwareRequest>("application/json")
            .Produces<MaintenanceJobResponse>(StatusCodes.Status201Created)
            .ProducesCallProblems()
            .WithName("UnpublishFirmware")
            .WithSummary(
                "OCPP 2.0.1: asks a local controller to stop serving the firmware with an MD5 checksum (UnpublishFirmware); answers 201 with " +
                "the job, finished with the controller's answer: Unpublished, NoFirmware or DownloadOngoing.");

        return endpoints;
    }

    public static async Task<Results<Created<MaintenanceJobResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string id, JsonBody<PublishFirmwareRequest> body, HttpRequest http, [FromServices] IGrainFactory grains, [FromServices] IOptions<FilesOptions> files,
        [FromServices] FileStore store, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .OneFirmwareSource(request.Location, request.FirmwareFileId, MaintenanceJobMapping.MaxSecurityLocationLength)
            .NotNegative("retries", request.Retries)
            .NotNegative("retryInterval", request.RetryInterval);
        if (request.Checksum is not null || request.FirmwareFileId is null)
        {
            errors.Md5Checksum("checksum", request.Checksum, "Required unless firmwareFileId names an uploaded file, whose checksum the CSMS computes: ");
        }

        var location = await MaintenanceJobStarts.FirmwareLocationAsync(grains, http, files.Value, request.Location, request.FirmwareFileId, errors);
        var checksum = request.Checksum;
        if (errors.IsValid && checksum is null)
        {
            checksum = await Md5OfAsync(store.FirmwarePath(request.FirmwareFileId!), cancellationToken);
            errors.Check(checksum is not null, "firmwareFileId", $"The bytes of uploaded firmware file '{request.FirmwareFileId}' are gone.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var command = new PublishFirmwareCommand(location!, checksum!, request.Retries, request.RetryInterval);
        return await MaintenanceJobStarts.StartAsync(grains, id, command, null, request.FirmwareFileId, cancellationToken);
    }

    public static async Task<Results<Created<MaintenanceJobResponse>, ValidationProblem, ProblemHttpResult>> UnpublishAsync(
        string id, JsonBody<UnpublishFirmwareRequest> body, [FromServices] IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().Md5Checksum("checksum", request.Checksum, "Required: ");
        return errors.IsValid
            ? await MaintenanceJobStarts.StartAsync(grains, id, new UnpublishFirmwareCommand(request.Checksum!), null, null, cancellationToken)
            : errors.ToProblem();
    }

    /// <summary>An MD5 checksum as OCPP 2.0.1 writes it: 32 hexadecimal digits.</summary>
    private static ValidationErrors Md5Checksum(this ValidationErrors errors, string field, string? value, string whenMissing) =>
        value is null
            ? errors.Add(field, whenMissing + "the MD5 checksum of the firmware, 32 hexadecimal digits.")
            : errors.Check(value.Length == 32 && value.All(char.IsAsciiHexDigit), field, "Must be an MD5 checksum: 32 hexadecimal digits.");

    [SuppressMessage("Security", "CA5351", Justification = "OCPP 2.0.1 names MD5 for PublishFirmware's checksum; it identifies a file, it protects nothing.")]
    private static async Task<string?> Md5OfAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await MD5.HashDataAsync(file, cancellationToken));
    }
}
