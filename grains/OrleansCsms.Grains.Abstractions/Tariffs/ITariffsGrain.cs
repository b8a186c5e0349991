using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// The tariffs operators define and which one applies where: a default, per charge point, per id tag group. One grain
/// for the cluster (key <see cref="Key"/>): a transaction asks it once for its tariff and keeps a copy, so it is no hot spot.
/// </summary>
[Alias("csms.ITariffsGrain")]
public interface ITariffsGrain : IGrainWithStringKey
{
    /// <summary>The key of the cluster's one tariff book.</summary>
    public const string Key = "tariffs";

    /// <summary>Defines a tariff or replaces the one with its id; returns true when it is new. Transactions under way keep the prices they started with.</summary>
    Task<bool> PutAsync(Tariff tariff);

    /// <summary>Removes a tariff that nothing is assigned to; returns why not, or null once removed (or when it never existed).</summary>
    Task<string?> DeleteAsync(string tariffId);

    /// <summary>Assigns a tariff (or, with null, none) to the default, a charge point or an id tag group; returns why not, or null once done.</summary>
    Task<string?> AssignAsync(TariffScope scope, string? key, string? tariffId);

    /// <summary>Every tariff and assignment.</summary>
    [ReadOnly]
    Task<TariffBook> GetAsync();

    /// <summary>
    /// The tariff for a transaction on <paramref name="chargePointId"/> by a token of <paramref name="idTagGroup"/>, valid at
    /// <paramref name="at"/>: the group's first, then the charge point's, then the default; null when none is valid then.
    /// </summary>
    [ReadOnly]
    Task<Tariff?> ResolveAsync(string chargePointId, string? idTagGroup, DateTimeOffset at);
}

/// <summary>What a tariff is assigned to.</summary>
public enum TariffScope
{
    Default,
    ChargePoint,
    IdTagGroup,
}
