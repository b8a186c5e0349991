namespace OrleansCsms.Simulator;

/// <summary>Wakes a waiting loop early, for instance when a configuration change makes its current wait wrong.</summary>
public sealed class AsyncSignal
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Interlocked.Exchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="timeout"/>; true when <see cref="Set"/> cut the wait short.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // WhenAny rather than WaitAsync(timeout): a timeout is the usual ending and must not cost an exception.
        var signalled = Volatile.Read(ref _signal).Task;
        var first = await Task.WhenAny(signalled, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return first == signalled;
    }
}
