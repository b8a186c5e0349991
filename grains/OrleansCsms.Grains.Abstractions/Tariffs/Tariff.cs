namespace OrleansCsms.Grains;

/// <summary>
/// A price list: per kWh delivered, per minute of charging and per session, in one currency (ISO 4217), valid from and
/// until the given instants (open-ended when null). Prices include taxes, as OCPP's totalCost does.
/// </summary>
[GenerateSerializer]
[Alias("csms.Tariff")]
[Immutable]
public sealed record Tariff(
    string Id,
    string Currency,
    decimal PricePerKWh,
    decimal PricePerMinute,
    decimal PricePerSession,
    DateTimeOffset? ValidFrom = null,
    DateTimeOffset? ValidTo = null,
    string? Description = null)
{
    /// <summary>Whether the tariff applies at <paramref name="at"/>.</summary>
    public bool IsValidAt(DateTimeOffset at) => (ValidFrom is null || ValidFrom <= at) && (ValidTo is null || at < ValidTo);
}

/// <summary>Every tariff and where each applies.</summary>
[GenerateSerializer]
[Alias("csms.TariffBook")]
[Immutable]
public sealed record TariffBook(
    IReadOnlyList<Tariff> Tariffs,
    string? DefaultTariffId,
    IReadOnlyDictionary<string, string> ChargePoints,
    IReadOnlyDictionary<string, string> IdTagGroups);

/// <summary>Persisted state of the tariff book.</summary>
[GenerateSerializer]
[Alias("csms.TariffsState")]
public sealed class TariffsState
{
    [Id(0)]
    public Dictionary<string, Tariff> Tariffs { get; set; } = [];

    [Id(1)]
    public string? DefaultTariffId { get; set; }

    /// <summary>Tariff id per charge point id.</summary>
    [Id(2)]
    public Dictionary<string, string> ChargePoints { get; set; } = [];

    /// <summary>Tariff id per id tag group (a token's parent id tag, OCPP 2.0.1's groupIdToken).</summary>
    [Id(3)]
    public Dictionary<string, string> IdTagGroups { get; set; } = [];
}

/// <summary>
/// What a transaction costs so far, or in the end once <see cref="Final"/>: the total (taxes included, rounded to the
/// cent) in the tariff's currency, and the tariff it was priced by.
/// </summary>
[GenerateSerializer]
[Alias("csms.TransactionCost")]
[Immutable]
public sealed record TransactionCost(decimal Total, string Currency, string TariffId, bool Final);
