namespace OrleansCsms.Simulator;

/// <summary>One simulated charge point of a fleet, whichever OCPP version it speaks.</summary>
public interface ISimulatedStation
{
    /// <summary>The charge point's number, which makes its identity.</summary>
    int Number { get; }

    string Identity { get; }

    bool IsConnected { get; }

    /// <summary>Whether the central system accepted the last BootNotification since the last (re)boot.</summary>
    bool IsBooted { get; }

    /// <summary>Transaction messages not yet acknowledged by the central system.</summary>
    int QueuedMessages { get; }

    /// <summary>Runs until <paramref name="stopping"/> fires: connects, serves the connection, reconnects when it drops.</summary>
    Task RunAsync(CancellationToken stopping);

    /// <summary>Ends running sessions (their closing messages are queued) and starts no more.</summary>
    void StopSessions();

    /// <summary>Completes once no session runs and none will start by itself any more.</summary>
    Task WhenSessionsDoneAsync(CancellationToken cancellationToken);

    /// <summary>Completes once every queued transaction message is acknowledged or given up.</summary>
    Task WhenQueueEmptyAsync(CancellationToken cancellationToken);
}
