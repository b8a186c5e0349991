namespace OrleansCsms.Runtime;

/// <summary>What the runtime offers a grain activation: its identity, other grains, timers and its own lifecycle.</summary>
public interface IGrainContext
{
    /// <summary>The identity of the grain.</summary>
    GrainId Id { get; }

    /// <summary>References to other grains.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this activation (never concurrently with another turn).
    /// The timer ends when disposed or when the activation is deactivated.
    /// </summary>
    IDisposable RegisterTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period);

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    void DeactivateOnIdle();
}
