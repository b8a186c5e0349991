using System.Globalization;
using System.Text.Json;
using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;
using Statuses = OrleansCsms.Grains.ContractCertificateStatuses;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>
/// A 2.0.1 Authorize (use cases C01, C07, I01): the token's status from its own grain, never waiting behind the
/// station's writes; the ISO 15118 contract certificate it may carry, judged by OCSP or by its chain; and, for an
/// accepted token without a message of its own, the text of the tariff that will apply.
/// </summary>
internal static class V201Authorization
{
    // MessageContentType's limit on content.
    private const int MaxMessageLength = 512;

    public static async Task<JsonElement> AuthorizeAsync(IGrainFactory grains, ChargePointLink link, AuthorizeRequest request, DateTimeOffset now)
    {
        var tokenType = OcppWireNames.Of(request.IdToken.Type);
        var certificate = request.Certificate is { Length: > 0 } || request.Iso15118CertificateHashData is { Count: > 0 }
            ? grains.GetGrain<Domain.IIso15118CertificatesGrain>(link.Id).ValidateContractCertificateAsync(new Domain.ContractCertificateCheck(
                request.Iso15118CertificateHashData?.Select(d => new Domain.OcspRequestData(
                    OcppWireNames.Of(d.HashAlgorithm), d.IssuerNameHash, d.IssuerKeyHash, d.SerialNumber, d.ResponderURL)).ToList(),
                request.Certificate))
            : null;
        var info = Domain.IdTokens.NeedsNoAuthorization(tokenType)
            ? new Domain.IdTagInfo("Accepted")
            : await grains.GetGrain<Domain.IIdTagGrain>(request.IdToken.IdToken).AuthorizeAsync(tokenType);
        info = (await UnknownWhenUnrecordedAsync(grains, request.IdToken.IdToken, info))!;
        string? certificateStatus = null;
        if (certificate is not null)
        {
            (info, certificateStatus) = Combine(info, await certificate);
        }

        if (info.Status == "Accepted" && info.PersonalMessage is null)
        {
            info = await WithTariffTextAsync(grains, link.Id, info, now);
        }

        return V201Json.ToPayload(new AuthorizeConfirmation
        {
            IdTokenInfo = V201Messages.ToIdTokenInfo(info),
            CertificateStatus = certificateStatus is null ? null : Enum.Parse<AuthorizeCertificateStatusEnumType>(certificateStatus),
        });
    }

    /// <summary>
    /// 2.0.1 tells a token the CSMS has no record of (Unknown) from one it holds as Invalid, where 1.6 has Invalid
    /// alone: the id tag grain answers Invalid for both, so only such an answer is looked at again.
    /// </summary>
    public static async Task<Domain.IdTagInfo?> UnknownWhenUnrecordedAsync(IGrainFactory grains, string? idToken, Domain.IdTagInfo? info) =>
        info == Domain.IdTagInfo.Invalid && idToken is not null && await grains.GetGrain<Domain.IIdTagGrain>(idToken).GetAsync() is null
            ? info with { Status = "Unknown" }
            : info;

    /// <summary>
    /// The token's answer as the certificate's verdict shapes it (C07.FR.13–17): a revoked or badly chained or signed
    /// certificate makes the token Invalid, an expired one Expired; a valid certificate leaves the token's own status,
    /// and with a token the CSMS does not accept says the contract is cancelled. Undetermined (no responder, no
    /// trustworthy answer, no trusted roots): NoCertificateAvailable, and the token is judged on its own.
    /// </summary>
    public static (Domain.IdTagInfo Info, string CertificateStatus) Combine(Domain.IdTagInfo token, Domain.ContractCertificateVerdict verdict) =>
        verdict.CertificateStatus switch
        {
            Statuses.Accepted when token.Status is "Blocked" or "Expired" or "Invalid" or "Unknown" => (token, Statuses.ContractCancelled),
            Statuses.Accepted or Statuses.NoCertificateAvailable => (token, verdict.CertificateStatus),
            Statuses.CertificateExpired => (new Domain.IdTagInfo("Expired"), verdict.CertificateStatus),
            _ => (new Domain.IdTagInfo("Invalid"), verdict.CertificateStatus),
        };

    /// <summary>The tariff's text as the token's personal message (I01), when a tariff applies to this token here and now.</summary>
    private static async Task<Domain.IdTagInfo> WithTariffTextAsync(IGrainFactory grains, string chargePointId, Domain.IdTagInfo info, DateTimeOffset now)
    {
        var tariff = await grains.GetGrain<Domain.ITariffsGrain>(Domain.ITariffsGrain.Key).ResolveAsync(chargePointId, info.ParentIdTag, now);
        if (tariff is null)
        {
            return info;
        }

        var text = TariffText(tariff);
        return info with { PersonalMessage = text.Length > MaxMessageLength ? text[..MaxMessageLength] : text, PersonalMessageLanguage = null };
    }

    /// <summary>The tariff's description, or its prices in words when it has none: "0.30 EUR/kWh, 0.05 EUR/min, 1.00 EUR per session".</summary>
    public static string TariffText(Domain.Tariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        if (tariff.Description is { Length: > 0 } description)
        {
            return description;
        }

        var parts = new List<string>();
        if (tariff.PricePerKWh != 0)
        {
            parts.Add(Price(tariff.PricePerKWh, tariff.Currency, "/kWh"));
        }

        if (tariff.PricePerMinute != 0)
        {
            parts.Add(Price(tariff.PricePerMinute, tariff.Currency, "/min"));
        }

        if (tariff.PricePerSession != 0 || parts.Count == 0)
        {
            parts.Add(Price(tariff.PricePerSession, tariff.Currency, " per session"));
        }

        return string.Join(", ", parts);
    }

    private static string Price(decimal amount, string currency, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:0.00##} {currency}{unit}");
}
