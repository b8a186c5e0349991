using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>A stateless test grain that reports its activations and turns to the <see cref="GrainProbe"/>.</summary>
public interface ITurnGrain : IGrain
{
    /// <summary>Returns the id of the activation that served the call.</summary>
    Task<Guid> GetActivationIdAsync();

    /// <summary>Runs a turn that yields once, measured by the key's concurrency meter.</summary>
    Task CountTurnAsync();

    /// <summary>Signals that this grain reached the barrier and waits until <paramref name="partnerKey"/> has too.</summary>
    Task MeetAsync(string partnerKey);

    /// <summary>Signals "{key}:blocked" and holds the turn until the signal <paramref name="gate"/> is completed.</summary>
    Task BlockAsync(string gate);

    /// <summary>Answers at once; may run interleaved with a turn in progress.</summary>
    [Interleave]
    Task<string> PingAsync();

    /// <summary>Throws <see cref="TurnFailedException"/> after an await.</summary>
    Task FailAsync(string message);

    /// <summary>Throws <see cref="TurnFailedException"/> before returning a task.</summary>
    Task<int> FailSynchronouslyAsync(string message);

    /// <summary>Asks the runtime to deactivate this activation after the turn.</summary>
    Task DeactivateAsync();

    /// <summary>Adds a note to a list held by the activation.</summary>
    Task AddNoteAsync(string note);

    /// <summary>Returns the activation's notes.</summary>
    Task<List<string>> GetNotesAsync();
}
