using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>An OCPP 2.0.1 id token: its value and type (ISO14443, ISO15693, eMAID, KeyCode, Local, MacAddress, Central, NoAuthorization).</summary>
public sealed record CustomerIdTokenBody(string? IdToken, string? Type);

/// <summary>
/// What to ask a station of one customer's data (CustomerInformation): report it, clear it, or both; the customer is
/// named by exactly one of customerIdentifier, idToken and customerCertificate.
/// </summary>
public sealed record CustomerInformationBody(
    bool? Report,
    bool? Clear,
    string? CustomerIdentifier = null,
    CustomerIdTokenBody? IdToken = null,
    CertificateHashDataRequest? CustomerCertificate = null);

/// <summary>
/// A customer information request and how it went: what was asked, the station's answer, the report's text put
/// together from its NotifyCustomerInformation parts in seqNo order, how many parts came, and whether the last one did.
/// </summary>
public sealed record CustomerInformationResponse(
    int RequestId,
    bool? Report,
    bool? Clear,
    CustomerReference? Customer,
    DateTimeOffset? RequestedAt,
    string? Status,
    DateTimeOffset? AnsweredAt,
    string Data,
    int Parts,
    bool Complete,
    DateTimeOffset? CompletedAt)
{
    public static CustomerInformationResponse From(int requestId, CustomerInformationRecord record) => new(
        requestId,
        record.Ask?.Report,
        record.Ask?.Clear,
        record.Ask?.Customer,
        record.Ask?.RequestedAt,
        record.Status,
        record.AnsweredAt,
        record.Data,
        record.Parts.Count,
        record.Complete,
        record.CompletedAt);
}

/// <summary>The customer information requests of a station, newest first.</summary>
public sealed record CustomerInformationListResponse(IReadOnlyList<CustomerInformationResponse> Items);

/// <summary>The checks on customer information requests, from the OCPP 2.0.1 schemas.</summary>
public static class CustomerInformationRules
{
    public static readonly IReadOnlyList<string> IdTokenTypes = ["Central", "eMAID", "ISO14443", "ISO15693", "KeyCode", "Local", "MacAddress", "NoAuthorization"];

    public const int MaxCustomerIdentifierLength = 64;
    public const int MaxIdTokenLength = 36;
}
