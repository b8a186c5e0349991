using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// The charging profiles (OCPP 1.6 Smart Charging) the CSMS holds of one charge point (key: its identity): those the
/// charge point accepted, per connector, and the TxProfiles of remote starts waiting for their transaction.
/// </summary>
[Alias("csms.IChargingProfilesGrain")]
public interface IChargingProfilesGrain : IGrainWithStringKey
{
    /// <summary>Returns the profiles; null when the charge point is not registered.</summary>
    [AlwaysInterleave]
    Task<ChargingProfilesView?> GetAsync();

    /// <summary>Sends a profile (SetChargingProfile) after checking it against the charge point's state, and keeps it when the charge point accepts.</summary>
    Task<ChargingProfileCallOutcome> SetAsync(int connectorId, ChargingProfileDefinition profile, CancellationToken cancellationToken = default);

    /// <summary>Asks the charge point to clear profiles (ClearChargingProfile) and drops those that match when it accepts.</summary>
    Task<ChargingProfileCallOutcome> ClearAsync(ChargingProfileCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>Asks the charge point for its composite schedule of a connector (GetCompositeSchedule) over a duration in seconds.</summary>
    Task<ChargingProfileCallOutcome> GetCompositeScheduleAsync(int connectorId, int duration, string? chargingRateUnit, CancellationToken cancellationToken = default);

    /// <summary>Sends a RemoteStartTransaction carrying a TxProfile, which is bound to the transaction it starts.</summary>
    Task<ChargingProfileCallOutcome> RemoteStartAsync(RemoteStartCommand command, CancellationToken cancellationToken = default);

    /// <summary>A transaction started: a TxProfile of a remote start for its id tag and connector is now its own.</summary>
    [OneWay]
    Task TransactionStartedAsync(int connectorId, string idTag, int transactionId);

    /// <summary>Transactions ended: the charge point discarded their TxProfiles.</summary>
    [OneWay]
    Task TransactionsEndedAsync(IReadOnlyList<int> transactionIds);

    /// <summary>The charge point was deleted: its profiles go with it.</summary>
    [OneWay]
    Task ForgetAsync();
}
