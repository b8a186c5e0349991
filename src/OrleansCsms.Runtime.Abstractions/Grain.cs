namespace OrleansCsms.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates one activation per grain identity,
/// runs its methods one turn at a time and deactivates it when idle.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    /// <summary>The runtime services of this activation.</summary>
    protected IGrainContext Context => _context ?? throw new InvalidOperationException("The grain has not been activated by the runtime.");

    /// <summary>The key of this grain.</summary>
    protected string Key => Context.Id.Key;

    /// <summary>References to other grains.</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    /// <summary>Binds the runtime context; called once by the runtime before activation.</summary>
    public void Bind(IGrainContext context) => _context = context;

    /// <summary>Runs once, as the first turn of the activation.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once, as the last turn of the activation.</summary>
    public virtual Task OnDeactivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
