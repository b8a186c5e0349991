using System.Text.Json;
using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>
/// The ISO 15118 certificate calls of an OCPP 2.0.1 station (block M): an EV's contract certificate
/// (Get15118EVCertificate) and a certificate's OCSP status (GetCertificateStatus), asked of the configured services
/// through a grain that keeps the station's other messages moving.
/// </summary>
internal static class V201Iso15118Certificates
{
    // StatusInfoType's limit on additionalInfo.
    private const int MaxAdditionalInfoLength = 512;

    public static async Task<JsonElement> Get15118EVCertificateAsync(IGrainFactory grains, ChargePointLink link, Get15118EVCertificateRequest request)
    {
        var answer = await grains.GetGrain<Domain.IIso15118CertificatesGrain>(link.Id).GetEvCertificateAsync(
            new Domain.EvCertificateRequest(request.Iso15118SchemaVersion, OcppWireNames.Of(request.Action), request.ExiRequest));
        return V201Json.ToPayload(new Get15118EVCertificateConfirmation
        {
            Status = Enum.Parse<Iso15118EVCertificateStatusEnumType>(answer.Status),
            ExiResponse = answer.ExiResponse,
            StatusInfo = StatusInfo(answer.ReasonCode, answer.Detail),
        });
    }

    public static async Task<JsonElement> GetCertificateStatusAsync(IGrainFactory grains, ChargePointLink link, GetCertificateStatusRequest request)
    {
        var data = request.OcspRequestData;
        var answer = await grains.GetGrain<Domain.IIso15118CertificatesGrain>(link.Id).GetCertificateStatusAsync(new Domain.OcspRequestData(
            OcppWireNames.Of(data.HashAlgorithm), data.IssuerNameHash, data.IssuerKeyHash, data.SerialNumber, data.ResponderURL));
        return V201Json.ToPayload(new GetCertificateStatusConfirmation
        {
            Status = Enum.Parse<GetCertificateStatusEnumType>(answer.Status),
            OcspResult = answer.OcspResult,
            StatusInfo = StatusInfo(answer.ReasonCode, answer.Detail),
        });
    }

    private static StatusInfoType? StatusInfo(string? reasonCode, string? detail) => reasonCode is null
        ? null
        : new StatusInfoType { ReasonCode = reasonCode, AdditionalInfo = detail is { Length: > MaxAdditionalInfoLength } ? detail[..MaxAdditionalInfoLength] : detail };
}
