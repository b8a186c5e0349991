using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// The HTTP side of ISO 15118 certificate management: the contract certificate service Get15118EVCertificate
/// requests go to, and the OCSP responder GetCertificateStatus asks. Either answers Failed, saying why, when it is
/// not configured, does not answer in time, or answers something that is not what was asked for.
/// </summary>
public sealed class Iso15118CertificateServices(IOptions<Iso15118Options> options) : IDisposable
{
    // The schemas' limits on what goes back to the station.
    private const int MaxExiResponseLength = 7500;
    private const int MaxOcspResultLength = 5500;

    private readonly Iso15118Options _options = options.Value;

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds),
    };

    public async Task<EvCertificateAnswer> GetEvCertificateAsync(string chargingStationId, EvCertificateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.ContractCertificateServiceUrl is not { Length: > 0 } url)
        {
            return EvFailed("NoService", "No contract certificate service is configured (Iso15118:ContractCertificateServiceUrl).");
        }

        try
        {
            using var response = await _http.PostAsJsonAsync(url, new
            {
                chargingStationId,
                iso15118SchemaVersion = request.Iso15118SchemaVersion,
                action = request.Action,
                exiRequest = request.ExiRequest,
            });
            if (!response.IsSuccessStatusCode)
            {
                return EvFailed("ServiceError", $"The contract certificate service answered {(int)response.StatusCode}.");
            }

            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            var exiResponse = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("exiResponse", out var exi) && exi.ValueKind == JsonValueKind.String
                ? exi.GetString()
                : null;
            if (exiResponse is not { Length: > 0 and <= MaxExiResponseLength } || !IsBase64(exiResponse))
            {
                return EvFailed("InvalidResponse", $"The contract certificate service answered no exiResponse of base64 up to {MaxExiResponseLength} characters.");
            }

            var failed = answer.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() == "Failed";

            // A failed installation still carries the EXI response that tells the vehicle so.
            return new EvCertificateAnswer(failed ? "Failed" : "Accepted", exiResponse, failed ? "ServiceFailed" : null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or NotSupportedException)
        {
            return EvFailed("Unreachable", $"The contract certificate service could not be asked: {ex.Message}");
        }
    }

    public async Task<CertificateStatusAnswer> GetCertificateStatusAsync(OcspRequestData certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (_options.OcspResponderUrl is not { Length: > 0 } url)
        {
            return new CertificateStatusAnswer("Failed", ReasonCode: "NoResponder", Detail: "No OCSP responder is configured (Iso15118:OcspResponderUrl).");
        }

        byte[] request;
        try
        {
            request = OcspMessages.Request(certificate);
        }
        catch (FormatException ex)
        {
            return new CertificateStatusAnswer("Failed", ReasonCode: "InvalidRequest", Detail: $"The hash data names no certificate: {ex.Message}");
        }

        var asked = await AskOcspResponderAsync(url, request);
        if (asked.Response is not { } der)
        {
            return new CertificateStatusAnswer("Failed", ReasonCode: asked.ReasonCode, Detail: asked.Detail);
        }

        try
        {
            var (status, hasResponse) = OcspMessages.ResponseStatus(der);
            var result = Convert.ToBase64String(der);
            return status == OcspMessages.Successful && hasResponse && result.Length <= MaxOcspResultLength
                ? new CertificateStatusAnswer("Accepted", result)
                : new CertificateStatusAnswer("Failed", ReasonCode: "NoStatus", Detail: $"The OCSP responder answered status {status}{(hasResponse ? "" : " without a response")}.");
        }
        catch (System.Formats.Asn1.AsnContentException ex)
        {
            return new CertificateStatusAnswer("Failed", ReasonCode: "Unreachable", Detail: $"The OCSP responder gave no OCSP response: {ex.Message}");
        }
    }

    /// <summary>
    /// The configured responder's DER answer to an OCSP request, or why there is none (reason code, detail): not
    /// configured, unreachable, or an HTTP error. What the answer says is for the caller to judge.
    /// </summary>
    public async Task<OcspExchange> AskOcspAsync(byte[] request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _options.OcspResponderUrl is { Length: > 0 } url
            ? await AskOcspResponderAsync(url, request)
            : new OcspExchange(null, "NoResponder", "No OCSP responder is configured (Iso15118:OcspResponderUrl).");
    }

    private async Task<OcspExchange> AskOcspResponderAsync(string url, byte[] request)
    {
        try
        {
            using var content = new ByteArrayContent(request);
            content.Headers.ContentType = new MediaTypeHeaderValue(OcspMessages.RequestMediaType);
            using var response = await _http.PostAsync(url, content);
            return response.IsSuccessStatusCode
                ? new OcspExchange(await response.Content.ReadAsByteArrayAsync(), null, null)
                : new OcspExchange(null, "ResponderError", $"The OCSP responder answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return new OcspExchange(null, "Unreachable", $"The OCSP responder gave no OCSP response: {ex.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static EvCertificateAnswer EvFailed(string reasonCode, string detail) => new("Failed", "", reasonCode, detail);

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);
}

/// <summary>An OCSP responder's DER response, or why there is none (reason code and detail).</summary>
public sealed record OcspExchange(byte[]? Response, string? ReasonCode, string? Detail);
