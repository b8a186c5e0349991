using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A tariff as an operator defines it: prices (taxes included, 0 when omitted) per kWh delivered, per minute of
/// charging and per session, in an ISO 4217 currency, valid from and until the given instants (open-ended when omitted).
/// </summary>
public sealed record TariffBody(
    string? Currency,
    decimal? PricePerKWh,
    decimal? PricePerMinute,
    decimal? PricePerSession,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    string? Description);

/// <summary>A tariff, with its prices in words as a station's display would show them.</summary>
public sealed record TariffResponse(
    string Id,
    string Currency,
    decimal PricePerKWh,
    decimal PricePerMinute,
    decimal PricePerSession,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    string? Description,
    string Prices)
{
    public static TariffResponse From(Tariff tariff) => new(
        tariff.Id, tariff.Currency, tariff.PricePerKWh, tariff.PricePerMinute, tariff.PricePerSession,
        tariff.ValidFrom, tariff.ValidTo, tariff.Description, TransactionCosts.Describe(tariff));
}

/// <summary>
/// Every tariff and where each applies: a session is priced by its id tag group's tariff, else its charge point's,
/// else the default, whichever is first valid at its start.
/// </summary>
public sealed record TariffBookResponse(
    IReadOnlyList<TariffResponse> Tariffs,
    string? DefaultTariffId,
    IReadOnlyDictionary<string, string> ChargePoints,
    IReadOnlyDictionary<string, string> IdTagGroups)
{
    public static TariffBookResponse From(TariffBook book) => new(
        [.. book.Tariffs.Select(TariffResponse.From)], book.DefaultTariffId, book.ChargePoints, book.IdTagGroups);
}

/// <summary>Which tariff to assign; null (or omitted) assigns none.</summary>
public sealed record TariffAssignmentBody(string? TariffId);

/// <summary>What a session costs so far, or in the end once final, and the tariff it is priced by.</summary>
public sealed record TransactionCostResponse(decimal TotalCost, string Currency, string TariffId, bool Final, string Prices);
