using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// The local authorization list the CSMS keeps for one charge point (key: the charge point's identity): which id
/// tags are on it, its version, and the version the charge point holds. Each change makes a new version, sent to
/// the charge point at once when it is connected and at its next boot otherwise.
/// </summary>
[Alias("csms.ILocalAuthListGrain")]
public interface ILocalAuthListGrain : IGrainWithStringKey
{
    /// <summary>Returns the list, its versions and the last send's result; null when the charge point is not registered.</summary>
    [AlwaysInterleave]
    Task<LocalAuthListView?> GetAsync();

    /// <summary>Makes the list exactly <paramref name="idTags"/>, then brings the charge point up to date.</summary>
    Task<LocalAuthListChange> ReplaceAsync(IReadOnlyList<string> idTags);

    /// <summary>Adds and removes entries, then brings the charge point up to date.</summary>
    Task<LocalAuthListChange> UpdateAsync(IReadOnlyList<string> add, IReadOnlyList<string> remove);

    /// <summary>Sends the charge point what it lacks (all of it when <paramref name="full"/>) and records its answer.</summary>
    Task<LocalAuthListChange> SyncAsync(bool full = false);

    /// <summary>Asks the charge point which list version it holds (GetLocalListVersion) and records the answer.</summary>
    Task<ChargePointCallResult> GetChargePointVersionAsync();

    /// <summary>The charge point booted: it is brought up to date, without holding up its boot.</summary>
    [OneWay]
    Task ChargePointBootedAsync();

    /// <summary>The charge point was deleted: the list goes with it.</summary>
    [OneWay]
    Task ForgetAsync();
}
