using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// What a session costs: its tariff is chosen once its token (and so its id tag group) is known and kept with the
/// transaction; the cost follows every change of energy and time and is final once it ends.
/// </summary>
public sealed partial class TransactionGrain
{
    /// <summary>
    /// Chooses the tariff when none was chosen for the transaction's id tag yet: the first event, and again once a
    /// token arrives after the cable. <paramref name="tokenInfo"/> is what the event's token was answered with.
    /// </summary>
    private async Task ChooseTariffAsync(IdTagInfo? tokenInfo, string? eventToken)
    {
        if (State.TariffChosenFor == State.IdTag)
        {
            return;
        }

        var group = State.IdTag.Length == 0
            ? null
            : eventToken == State.IdTag && tokenInfo is not null
                ? tokenInfo.ParentIdTag
                : (await GrainFactory.GetGrain<IIdTagGrain>(State.IdTag).GetAsync())?.ParentIdTag;
        State.Tariff = await GrainFactory.GetGrain<ITariffsGrain>(ITariffsGrain.Key)
            .ResolveAsync(State.ChargePointId, group, State.StartTimestamp ?? time.GetUtcNow());
        State.TariffChosenFor = State.IdTag;
    }

    /// <summary>Prices the session as it stands, at <paramref name="at"/> when it is still running.</summary>
    private void Price(DateTimeOffset at) => State.Cost = TransactionCosts.Of(State, at);

    /// <summary>
    /// Whether a CostUpdated is due: the session is priced and running, CostUpdated is configured, and the last one
    /// went out at least the interval ago. Marks it sent, so that the mark is written with the event.
    /// </summary>
    private bool CostUpdateDue(DateTimeOffset now)
    {
        var interval = ServiceProvider.GetRequiredService<IOptions<TariffOptions>>().Value.CostUpdatedIntervalSeconds;
        if (interval <= 0 || State.Cost is null || !State.Active || State.StationTransactionId is null
            || (State.CostUpdatedSentAt is { } last && now - last < TimeSpan.FromSeconds(interval)))
        {
            return false;
        }

        State.CostUpdatedSentAt = now;
        return true;
    }

    /// <summary>
    /// Sends the station the running cost (CostUpdated), unless its device model says it shows no cost
    /// (TariffCostCtrlr.Enabled or Available of Cost reported false). Not awaited by the event: the station has its
    /// answer first, and the charge point grain, which may be waiting on this transaction, sends it between its turns.
    /// </summary>
    private async Task SendCostUpdatedAsync(TransactionCost cost, string stationTransactionId)
    {
        try
        {
            var model = GrainFactory.GetGrain<IDeviceModelGrain>(State.ChargePointId);
            if (await model.ActualValueAsync("TariffCostCtrlr", "Enabled", "Cost") is "false" or "False"
                || await model.ActualValueAsync("TariffCostCtrlr", "Available", "Cost") is "false" or "False")
            {
                return;
            }

            var payload = JsonSerializer.SerializeToElement(new JsonObject { ["totalCost"] = cost.Total, ["transactionId"] = stationTransactionId });
            var result = await GrainFactory.GetGrain<IChargePointGrain>(State.ChargePointId).CallAsync("CostUpdated", payload);
            if (result.Outcome != CallOutcome.Completed)
            {
                LogCostUpdateNotDelivered(logger, TransactionId, State.ChargePointId, result.Outcome);
            }
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            LogCostUpdateFailed(logger, ex, TransactionId, State.ChargePointId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Transaction {TransactionId}: CostUpdated to {ChargePointId} ended {Outcome}")]
    private static partial void LogCostUpdateNotDelivered(ILogger logger, int transactionId, string chargePointId, CallOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transaction {TransactionId}: CostUpdated to {ChargePointId} failed")]
    private static partial void LogCostUpdateFailed(ILogger logger, Exception exception, int transactionId, string chargePointId);
}
