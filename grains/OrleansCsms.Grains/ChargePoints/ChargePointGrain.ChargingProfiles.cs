namespace OrleansCsms.Grains;

/// <summary>What the charging profiles of a charge point hear of its transactions: TxProfiles live and die with them.</summary>
public sealed partial class ChargePointGrain
{
    private IChargingProfilesGrain ChargingProfiles => GrainFactory.GetGrain<IChargingProfilesGrain>(Key);

    public async Task<bool> ManageChargingProfilesAsync()
    {
        if (!State.Registered)
        {
            return false;
        }

        if (!State.ChargingProfilesManaged)
        {
            State.ChargingProfilesManaged = true;
            await WriteAsync();
        }

        return true;
    }

    // One-way, so a transaction message is never held up by a profile call waiting on the charge point's answer.
    private Task ChargingProfilesHearStartAsync(StartTransactionRequest request, int transactionId) =>
        State.ChargingProfilesManaged ? ChargingProfiles.TransactionStartedAsync(request.ConnectorId, request.IdTag, transactionId) : Task.CompletedTask;

    // A 2.0.1 transaction that begins with the token of a remote start takes the TxProfile the start carried.
    private Task ChargingProfilesHearStationStartAsync(TransactionEventReport report, int transactionId) =>
        State.ChargingProfilesManaged && report.IdToken is { } token && report.EventType != TransactionEventTypes.Ended
            ? ChargingProfiles.TransactionStartedAsync(report.EvseId ?? 0, token, transactionId)
            : Task.CompletedTask;

    private Task ChargingProfilesHearEndAsync(IReadOnlyList<int> transactionIds) =>
        State.ChargingProfilesManaged && transactionIds.Count > 0 ? ChargingProfiles.TransactionsEndedAsync(transactionIds) : Task.CompletedTask;
}
