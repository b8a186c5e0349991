namespace OrleansCsms.Runtime;

/// <summary>A grain timer: each tick runs as a turn of its activation; a tick still queued or running skips the next.</summary>
internal sealed class GrainTimer(GrainActivation activation, Func<CancellationToken, Task> callback) : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;
    private int _busy;

    public void Start(TimeProvider time, TimeSpan dueTime, TimeSpan period) =>
        _timer = time.CreateTimer(static state => ((GrainTimer)state!).OnTick(), this, dueTime, period);

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _timer?.Dispose();
        activation.RemoveTimer(this);
    }

    private void OnTick()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _busy, 1) == 1)
        {
            return;
        }

        if (!activation.TryEnqueueTick(RunAsync))
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task RunAsync()
    {
        Exception? failure = null;
        try
        {
            if (!_disposed.IsCancellationRequested)
            {
                await callback(_disposed.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Volatile.Write(ref _busy, 0);
        activation.OnTickCompleted(failure);
    }
}
