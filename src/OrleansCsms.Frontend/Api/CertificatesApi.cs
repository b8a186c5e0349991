using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Certificate management of the OCPP 1.6 security extension and of OCPP 2.0.1 (blocks A and M): the charge point's
/// signing requests and the certificates issued for them, root certificates installed on it (InstallCertificate,
/// GetInstalledCertificateIds, DeleteCertificate, phrased for the version it speaks) and ExtendedTriggerMessage, which
/// asks it for a new CSR among others (TriggerMessage in 2.0.1).
/// </summary>
public static class CertificatesApi
{
    private const string Tag = "Certificates";

    public static IEndpointRouteBuilder MapCertificatesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/charge-points/{id}")
            .AddEndpointFilter(ChargePointIdRoute.ValidateAsync)
            .ProducesValidationProblem()
            .WithTags(Tag);

        group.MapPost("/extended-trigger", ExtendedTriggerAsync)
            .Accepts<ExtendedTriggerRequest>("application/json")
            .ProducesCallProblems()
            .WithName("ExtendedTriggerMessage")
            .WithSummary("Asks the charge point to send a message now, e.g. SignChargePointCertificate for a new CSR (ExtendedTriggerMessage).");

        group.MapPost("/certificates/install", InstallAsync)
            .Accepts<InstallCertificateRequest>("application/json")
            .ProducesCallProblems()
            .WithName("InstallCertificate")
            .WithSummary("Sends a CA certificate (PEM) for the charge point to install as a root of a type (InstallCertificate); the ISO 15118 roots only to OCPP 2.0.1 stations.");

        group.MapPost("/certificates/get-installed-ids", GetInstalledIdsAsync)
            .Accepts<GetInstalledCertificateIdsRequest>("application/json")
            .ProducesCallProblems()
            .WithName("GetInstalledCertificateIds")
            .WithSummary("Asks the charge point for the hash data of its installed certificates of a type, of several or of all (OCPP 2.0.1), and records them (GetInstalledCertificateIds).");

        group.MapGet("/certificates/installed", ListInstalledAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListInstalledCertificates")
            .WithSummary("Returns what the charge point last reported through GetInstalledCertificateIds, per certificate type, with when.");

        group.MapPost("/certificates/delete", DeleteAsync)
            .Accepts<DeleteCertificateRequest>("application/json")
            .ProducesCallProblems()
            .WithName("DeleteCertificate")
            .WithSummary("Asks the charge point to delete an installed certificate, given by its hash data or by the serial number it reported (DeleteCertificate).");

        group.MapGet("/certificates/signing-requests", ListSigningRequestsAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListSigningRequests")
            .WithSummary("Lists the CSRs the charge point sent with SignCertificate, newest first; ?status=Pending lists those waiting for a certificate.");

        group.MapPost("/certificates/signing-requests/{requestId:int}/sign", SignAsync)
            .ProducesCallProblems()
            .WithName("SignSigningRequest")
            .WithSummary("Signs a waiting CSR with the CSMS's certificate authority and sends the chain (CertificateSigned).");

        group.MapPost("/certificates/signing-requests/{requestId:int}/chain", SendChainAsync)
            .Accepts<CertificateChainRequest>("application/json")
            .ProducesCallProblems()
            .WithName("SendCertificateChain")
            .WithSummary("Sends a certificate chain (PEM, leaf first, its key the CSR's) for a waiting CSR (CertificateSigned).");

        group.MapGet("/certificates/issued", ListIssuedAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListIssuedCertificates")
            .WithSummary("Lists the certificates sent to the charge point with CertificateSigned, newest first, with its answers; the CSMS trusts them from sending.");

        return endpoints;
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> ExtendedTriggerAsync(
        string id, JsonBody<ExtendedTriggerRequest> body, [FromServices] IGrainFactory grains, [FromServices] IOptions<OcppOptions> ocpp)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var maxConnectorId = ocpp.Value.MaxConnectorId;
        var perConnector = request.RequestedMessage is { } message && CertificateRules.ConnectorMessages.Contains(message);
        var errors = new ValidationErrors()
            .OneOf("requestedMessage", request.RequestedMessage, CertificateRules.ExtendedMessageTriggers)
            .Check(
                request.ConnectorId is null || (perConnector && request.ConnectorId > 0 && request.ConnectorId <= maxConnectorId),
                "connectorId",
                perConnector
                    ? $"Must be 1 to {maxConnectorId}, or left out for the whole charge point."
                    : $"Must be left out: only {string.Join(" and ", CertificateRules.ConnectorMessages)} are about one connector.");
        return errors.IsValid
            ? (await Certificates(grains, id).ExtendedTriggerMessageAsync(request.RequestedMessage!, request.ConnectorId)).ToHttpResult(id, "ExtendedTriggerMessage")
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> InstallAsync(
        string id, JsonBody<InstallCertificateRequest> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .OneOf("certificateType", request.CertificateType, CertificateTypes.Installable)
            .RootCertificate("certificate", request.Certificate);
        return errors.IsValid
            ? (await Certificates(grains, id).InstallCertificateAsync(request.CertificateType!, request.Certificate!)).ToHttpResult(id, "InstallCertificate")
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> GetInstalledIdsAsync(
        string id, JsonBody<GetInstalledCertificateIdsRequest> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors().Check(
            request.CertificateType is null || request.CertificateTypes is null,
            "certificateTypes",
            "Give certificateType or certificateTypes, not both.");
        if (request.CertificateType is not null)
        {
            errors.OneOf("certificateType", request.CertificateType, CertificateTypes.Reported);
        }

        IReadOnlyList<string> types = request.CertificateType is { } one ? [one] : request.CertificateTypes ?? [];
        for (var i = 0; request.CertificateTypes is not null && i < types.Count; i++)
        {
            errors.OneOf($"certificateTypes[{i}]", types[i], CertificateTypes.Reported);
        }

        return errors.IsValid
            ? (await Certificates(grains, id).GetInstalledCertificateIdsAsync(types)).ToHttpResult(id, "GetInstalledCertificateIds")
            : errors.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<InstalledCertificatesReport>>, ProblemHttpResult>> ListInstalledAsync(string id, [FromServices] IGrainFactory grains) =>
        await Certificates(grains, id).GetAsync() is { } view ? TypedResults.Ok(view.Installed) : ApiProblems.UnknownChargePoint(id);

    public static async Task<Results<Ok<JsonElement>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string id, JsonBody<DeleteCertificateRequest> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var grain = Certificates(grains, id);
        if (await grain.GetAsync() is not { } view)
        {
            return ApiProblems.UnknownChargePoint(id);
        }

        var (hash, errors) = CertificateToDelete(request, view.Installed);
        return errors.IsValid ? (await grain.DeleteCertificateAsync(hash!)).ToHttpResult(id, "DeleteCertificate") : errors.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<SigningRequestRecord>>, ValidationProblem, ProblemHttpResult>> ListSigningRequestsAsync(
        string id, string? status, [FromServices] IGrainFactory grains)
    {
        var errors = new ValidationErrors().Check(status is null or "Pending" or "Rejected" or "Sent", "status", "Must be Pending, Rejected or Sent.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        return await Certificates(grains, id).GetAsync() is { } view
            ? TypedResults.Ok<IReadOnlyList<SigningRequestRecord>>([.. view.SigningRequests.Where(r => status is null || r.Status == status).Reverse()])
            : ApiProblems.UnknownChargePoint(id);
    }

    public static async Task<Results<Ok<IssuedCertificate>, ValidationProblem, ProblemHttpResult>> SignAsync(
        string id, int requestId, [FromServices] IGrainFactory grains) =>
        ToResult(id, await Certificates(grains, id).SignWithAuthorityAsync(requestId));

    public static async Task<Results<Ok<IssuedCertificate>, ValidationProblem, ProblemHttpResult>> SendChainAsync(
        string id, int requestId, JsonBody<CertificateChainRequest> body, [FromServices] IGrainFactory grains)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .Check(request.CertificateChain is not null, "certificateChain", "Required.")
            .Check(request.CertificateChain is null || CertificateChains.Read(request.CertificateChain).Count > 0, "certificateChain", "Must be one or more PEM certificates (-----BEGIN CERTIFICATE-----), the charge point's own first.");
        return errors.IsValid ? ToResult(id, await Certificates(grains, id).SendChainAsync(requestId, request.CertificateChain!)) : errors.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<IssuedCertificate>>, ProblemHttpResult>> ListIssuedAsync(string id, [FromServices] IGrainFactory grains) =>
        await Certificates(grains, id).GetAsync() is { } view
            ? TypedResults.Ok<IReadOnlyList<IssuedCertificate>>([.. view.Issued.Reverse()])
            : ApiProblems.UnknownChargePoint(id);

    private static IChargePointCertificatesGrain Certificates(IGrainFactory grains, string id) => grains.GetGrain<IChargePointCertificatesGrain>(id);

    /// <summary>
    /// The hash data to send: given whole, or the reported hash data of the serial number named. Hash data given whole
    /// for a certificate the charge point reported must use the algorithm it reported, the one it hashes with.
    /// </summary>
    private static (CertificateHashData? Hash, ValidationErrors Errors) CertificateToDelete(DeleteCertificateRequest request, IReadOnlyList<InstalledCertificatesReport> reports)
    {
        var errors = new ValidationErrors();
        if ((request.CertificateHashData is null) == (request.SerialNumber is null))
        {
            return (null, errors.Add("certificateHashData", "Give either certificateHashData, or the serialNumber of a certificate the charge point reported."));
        }

        if (request.CertificateHashData is { } given)
        {
            errors.HashData("certificateHashData", given).Check(request.CertificateType is null, "certificateType", "Only with serialNumber.");
            var reported = reports.SelectMany(r => r.Certificates).Where(c => string.Equals(c.SerialNumber, given.SerialNumber, StringComparison.OrdinalIgnoreCase)).ToList();
            errors.Check(
                reported.Count == 0 || reported.Any(c => c.HashAlgorithm == given.HashAlgorithm),
                "certificateHashData.hashAlgorithm",
                $"The charge point reported this certificate with {string.Join(", ", reported.Select(c => c.HashAlgorithm).Distinct())}; use the algorithm it reported.");
            return errors.IsValid ? (new CertificateHashData(given.HashAlgorithm!, given.IssuerNameHash!, given.IssuerKeyHash!, given.SerialNumber!), errors) : (null, errors);
        }

        errors.Length("serialNumber", request.SerialNumber, 1, CertificateRules.MaxSerialNumberLength);
        if (request.CertificateType is not null)
        {
            errors.OneOf("certificateType", request.CertificateType, CertificateTypes.Reported);
        }

        if (!errors.IsValid)
        {
            return (null, errors);
        }

        var matches = reports
            .Where(r => request.CertificateType is null || SameType(r.CertificateType, request.CertificateType))
            .SelectMany(r => r.Certificates)
            .Where(c => string.Equals(c.SerialNumber, request.SerialNumber, StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .ToList();
        return matches.Count switch
        {
            1 => (matches[0], errors),
            0 => (null, errors.Add("serialNumber", "The charge point reported no certificate with this serial number; ask it first (GetInstalledCertificateIds).")),
            _ => (null, errors.Add("serialNumber", "The charge point reported several certificates with this serial number; name the certificateType, or give certificateHashData.")),
        };
    }

    /// <summary>Whether two certificate type names mean the same type, in either version's words.</summary>
    private static bool SameType(string a, string b) => (CertificateTypes.InVersion(a, v201: true) ?? a) == (CertificateTypes.InVersion(b, v201: true) ?? b);

    private static Results<Ok<IssuedCertificate>, ValidationProblem, ProblemHttpResult> ToResult(string id, CertificateDelivery delivery) => delivery.Outcome switch
    {
        CertificateDeliveryOutcome.Sent => delivery.Certificate!.Answer switch
        {
            "NotConnected" => new ChargePointCallResult(CallOutcome.NotConnected).ToProblem(id, "CertificateSigned"),
            "TimedOut" => new ChargePointCallResult(CallOutcome.TimedOut).ToProblem(id, "CertificateSigned"),
            _ => TypedResults.Ok(delivery.Certificate),
        },
        CertificateDeliveryOutcome.UnknownChargePoint => ApiProblems.UnknownChargePoint(id),
        CertificateDeliveryOutcome.UnknownRequest => ApiProblems.NotFound("Unknown signing request", delivery.Detail!),
        CertificateDeliveryOutcome.NotPending => ApiProblems.Conflict("Signing request not waiting", delivery.Detail!),
        CertificateDeliveryOutcome.NoAuthority => ApiProblems.Conflict("No certificate authority", delivery.Detail!),
        CertificateDeliveryOutcome.InvalidChain => new ValidationErrors().Add("certificateChain", delivery.Detail!).ToProblem(),
        _ => throw new ArgumentOutOfRangeException(nameof(delivery), delivery.Outcome, "Unknown delivery outcome."),
    };
}
