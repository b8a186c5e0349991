using System.Text.Json;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>Builds the queued StartTransaction, MeterValues and StopTransaction of a transaction.</summary>
public static class TransactionMessages
{
    /// <summary>Sampled values in a StopTransaction's transactionData: the register at the start and at the end.</summary>
    public const int StopSampledValues = 2;

    /// <summary>A StartTransaction; its answer gives the transaction its id.</summary>
    public static QueuedTransactionMessage Start(LocalTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var payload = V16Json.ToPayload(new StartTransactionRequest
        {
            ConnectorId = transaction.ConnectorId,
            IdTag = transaction.IdTag,
            MeterStart = transaction.MeterStart,
            Timestamp = transaction.StartedAt,
        });
        return new QueuedTransactionMessage("StartTransaction", transaction, _ => payload, outcome =>
        {
            try
            {
                var confirmation = V16Json.FromPayload<StartTransactionConfirmation>(outcome.Payload);
                transaction.Started(confirmation.TransactionId, confirmation.IdTagInfo.Status);
            }
            catch (JsonException)
            {
                transaction.StartFailed();
            }
        });
    }

    /// <summary>A MeterValues of the transaction, sent with its id once known.</summary>
    public static QueuedTransactionMessage MeterValues(LocalTransaction transaction, MeterValue sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new QueuedTransactionMessage(
            "MeterValues",
            transaction,
            t => t.TransactionId is { } id
                ? V16Json.ToPayload(new MeterValuesRequest { ConnectorId = t.ConnectorId, TransactionId = id, MeterValue = [sample] })
                : null,
            _ => transaction.MeterValuesDelivered(sample.SampledValue.Count));
    }

    /// <summary>A StopTransaction with the register at start and stop as transactionData, sent with the transaction's id once known.</summary>
    public static QueuedTransactionMessage Stop(LocalTransaction transaction, int meterStop, DateTimeOffset stoppedAt, Reason? reason, Action<CallOutcome>? onAcknowledged = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var request = new StopTransactionRequest
        {
            TransactionId = 0,
            IdTag = transaction.IdTag,
            MeterStop = meterStop,
            Timestamp = stoppedAt,
            Reason = reason,
            TransactionData =
            [
                ConnectorMeter.RegisterSample(transaction.StartedAt, ReadingContext.TransactionBegin, transaction.MeterStart),
                ConnectorMeter.RegisterSample(stoppedAt, ReadingContext.TransactionEnd, meterStop),
            ],
        };
        return new QueuedTransactionMessage(
            "StopTransaction",
            transaction,
            t => t.TransactionId is { } id ? V16Json.ToPayload(request with { TransactionId = id }) : null,
            onAcknowledged);
    }
}
