using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>
/// A transaction as the charge point knows it: it exists from the moment charging starts, online or not, and
/// learns its central-system id only when its queued StartTransaction is acknowledged.
/// </summary>
public sealed class LocalTransaction(int connectorId, string idTag, int meterStart, DateTimeOffset startedAt)
{
    private readonly TaskCompletionSource<int?> _id = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ConnectorId { get; } = connectorId;

    public string IdTag { get; } = idTag;

    public int MeterStart { get; } = meterStart;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>The id the central system gave in its StartTransaction answer; null until then, or for ever if that failed.</summary>
    public int? TransactionId { get; private set; }

    /// <summary>The id tag status of the StartTransaction answer.</summary>
    public AuthorizationStatus? IdTagStatus { get; private set; }

    /// <summary>Whether the central system refused the id tag in its StartTransaction answer: charging must stop.</summary>
    public bool IsDeauthorized => IdTagStatus is { } status && status != AuthorizationStatus.Accepted;

    public int MeterValuesSent { get; private set; }

    public int SampledValuesSent { get; private set; }

    /// <summary>Completes with the central-system id once known, or null when the StartTransaction was given up.</summary>
    public Task<int?> Identified => _id.Task;

    public void Started(int transactionId, AuthorizationStatus status)
    {
        TransactionId = transactionId;
        IdTagStatus = status;
        _id.TrySetResult(transactionId);
    }

    public void StartFailed() => _id.TrySetResult(null);

    public void MeterValuesDelivered(int sampledValues)
    {
        MeterValuesSent++;
        SampledValuesSent += sampledValues;
    }
}
