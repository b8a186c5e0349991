using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>
/// Records its lifecycle as events on its key ("activate", "deactivate-start", "deactivate-end"), and holds its
/// deactivation while the test keeps the signal "{key}:hold-deactivation" open.
/// </summary>
public sealed class TurnGrain(GrainProbe probe) : Grain, ITurnGrain
{
    private readonly Guid _activationId = Guid.NewGuid();
    private readonly List<string> _notes = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.ActivationBegan(Key);
        probe.Record(Key, "activate");
        // Widens the window in which concurrent first calls could create a second activation.
        await Task.Yield();
    }

    public override async Task OnDeactivateAsync(CancellationToken cancellationToken)
    {
        probe.Record(Key, "deactivate-start");
        probe.Signal($"{Key}:deactivating").TrySetResult();
        if (probe.HasSignal($"{Key}:hold-deactivation"))
        {
            await probe.Signal($"{Key}:hold-deactivation").Task;
        }

        probe.Record(Key, "deactivate-end");
        probe.ActivationEnded(Key);
    }

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);

    public async Task CountTurnAsync()
    {
        var meter = probe.Meter(Key);
        meter.Enter();
        await Task.Yield();
        meter.Exit();
    }

    public async Task MeetAsync(string partnerKey)
    {
        probe.Signal($"{Key}:at-barrier").TrySetResult();
        try
        {
            await probe.Signal($"{partnerKey}:at-barrier").Task.WaitAsync(Within.Limit);
        }
        catch (TimeoutException ex)
        {
            throw new TurnFailedException($"Grain {Key} waited in vain at the barrier for grain {partnerKey}: the two did not run in parallel.", ex);
        }
    }

    public async Task BlockAsync(string gate)
    {
        probe.Record(Key, "block-start");
        probe.Signal($"{Key}:blocked").TrySetResult();
        await probe.Signal(gate).Task;
        probe.Record(Key, "block-end");
    }

    public Task<string> PingAsync() => Task.FromResult("pong");

    public async Task FailAsync(string message)
    {
        await Task.Yield();
        throw new TurnFailedException(message);
    }

    public Task<int> FailSynchronouslyAsync(string message) => throw new TurnFailedException(message);

    public Task DeactivateAsync()
    {
        Context.DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task AddNoteAsync(string note)
    {
        _notes.Add(note);
        return Task.CompletedTask;
    }

    public Task<List<string>> GetNotesAsync() => Task.FromResult(_notes);
}

/// <summary>A failure raised by a test grain on purpose.</summary>
public sealed class TurnFailedException : Exception
{
    public TurnFailedException()
    {
    }

    public TurnFailedException(string message) : base(message)
    {
    }

    public TurnFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
