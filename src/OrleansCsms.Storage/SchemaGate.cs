namespace OrleansCsms.Storage;

/// <summary>
/// Runs the migrations once and lets every store wait for them, so no store can touch a table before it
/// exists, whatever order the host starts things in. The first caller starts the run; a failed run is
/// forgotten so the next caller tries again (the database may simply not have been up yet).
/// </summary>
internal sealed class SchemaGate(Func<CancellationToken, Task> migrate) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lifetime = new();
    private Task? _run;

    public bool IsReady => _run is { IsCompletedSuccessfully: true };

    public Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        var run = _run;
        if (run is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_run is null || _run.IsFaulted || _run.IsCanceled)
            {
                // The shared run must not die with the token of whichever caller happened to start it.
                _run = migrate(_lifetime.Token);
            }

            return _run.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}
