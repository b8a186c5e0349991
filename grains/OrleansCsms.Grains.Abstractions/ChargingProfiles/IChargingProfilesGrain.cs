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

    /// <summary>
    /// OCPP 2.0.1: asks the station for the profiles it holds (GetChargingProfiles) under a new request id, whose
    /// ReportChargingProfiles parts are assembled into a report; the outcome carries the request id.
    /// </summary>
    Task<ChargingProfileCallOutcome> RequestReportAsync(ChargingProfileQuery query, CancellationToken cancellationToken = default);

    /// <summary>Returns the reports of GetChargingProfiles requests, and those the station sent on its own; null when the charge point is not registered.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ChargingProfilesReport>?> GetReportsAsync();

    /// <summary>Keeps one part of a report (ReportChargingProfiles), before the station hears it was received.</summary>
    Task RecordReportAsync(ChargingProfilesReportPart part);

    /// <summary>Keeps a limit set outside the CSMS (NotifyChargingLimit), replacing one from the same source on the same EVSE.</summary>
    Task RecordLimitAsync(ExternalChargingLimit limit);

    /// <summary>A limit set outside the CSMS was released (ClearedChargingLimit): from the source on the EVSE, or everywhere when none is named.</summary>
    Task ClearLimitAsync(string source, int? evseId);

    /// <summary>
    /// Answers an EV's charging needs (NotifyEVChargingNeeds): Accepted when the CSMS's policy will send a TxProfile for
    /// them, which it then does, Rejected when it will not.
    /// </summary>
    Task<string> HearEvChargingNeedsAsync(EvChargingNeeds needs);

    /// <summary>Answers an EV's schedule (NotifyEVChargingSchedule): Accepted when it keeps within the profiles in force on its EVSE.</summary>
    Task<string> HearEvChargingScheduleAsync(int evseId, DateTimeOffset timeBase, ChargingScheduleDefinition schedule);

    /// <summary>Sends the TxProfile the policy makes of an EVSE's needs (after the needs were answered, so the station is not held up).</summary>
    [OneWay]
    Task NegotiateAsync(int evseId);

    /// <summary>Returns the external limits and each EVSE's negotiation; null when the charge point is not registered.</summary>
    [AlwaysInterleave]
    Task<SmartChargingView?> GetSmartChargingAsync();

    /// <summary>The charge point was deleted: its profiles go with it.</summary>
    [OneWay]
    Task ForgetAsync();
}
