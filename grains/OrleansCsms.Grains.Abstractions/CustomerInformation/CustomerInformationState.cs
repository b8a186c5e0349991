namespace OrleansCsms.Grains;

/// <summary>Persisted state of a station's customer information grain: the requests asked of it and what it reported, by requestId.</summary>
[GenerateSerializer]
[Alias("csms.CustomerInformationState")]
public sealed class CustomerInformationState
{
    /// <summary>The latest requests (CustomerInformation) and the data their NotifyCustomerInformation parts carried, by requestId.</summary>
    [Id(0)]
    public SortedDictionary<int, CustomerInformationRecord> Requests { get; set; } = [];
}

/// <summary>The customer a CustomerInformation request is about: one of an identifier, an id token or a certificate.</summary>
[GenerateSerializer]
[Alias("csms.CustomerReference")]
[Immutable]
public sealed record CustomerReference(string? CustomerIdentifier = null, string? IdToken = null, string? IdTokenType = null, CertificateHashData? Certificate = null);

/// <summary>What to ask a station of a customer's data: report it, clear it, or both.</summary>
[GenerateSerializer]
[Alias("csms.CustomerInformationAsk")]
[Immutable]
public sealed record CustomerInformationAsk(int RequestId, bool Report, bool Clear, CustomerReference Customer, DateTimeOffset RequestedAt);

/// <summary>One NotifyCustomerInformation: a piece of the report, in seqNo order.</summary>
[GenerateSerializer]
[Alias("csms.CustomerDataPart")]
[Immutable]
public sealed record CustomerDataPart(int RequestId, int SeqNo, bool ToBeContinued, DateTimeOffset GeneratedAt, string Data);

/// <summary>
/// A CustomerInformation request and how it went: the station's answer (Accepted, Rejected, Invalid, or what the CSMS
/// saw instead, e.g. NoAnswer) and the report's parts; <see cref="Data"/> puts them together in seqNo order.
/// </summary>
[GenerateSerializer]
[Alias("csms.CustomerInformationRecord")]
[Immutable]
public sealed record CustomerInformationRecord(
    CustomerInformationAsk? Ask,
    string? Status,
    DateTimeOffset? AnsweredAt,
    IReadOnlyList<CustomerDataPart> Parts,
    bool Complete,
    DateTimeOffset? CompletedAt)
{
    /// <summary>The report's text, its parts joined in seqNo order.</summary>
    public string Data => string.Concat(Parts.OrderBy(p => p.SeqNo).Select(p => p.Data));
}
