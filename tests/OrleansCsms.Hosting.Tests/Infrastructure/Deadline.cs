namespace OrleansCsms.Hosting.Tests;

/// <summary>Bounds every wait in the tests, so a lost signal fails the test with a message instead of hanging the run.</summary>
public static class Deadline
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static CancellationToken Token() => new CancellationTokenSource(Limit).Token;

    /// <summary>Waits for <paramref name="task"/>, failing with what was being waited for when it takes too long.</summary>
    public static async Task<T> Within<T>(this Task<T> task, string waitingFor)
    {
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {Limit.TotalSeconds:0}s waiting for {waitingFor}.");
        }
    }

    /// <inheritdoc cref="Within{T}(Task{T}, string)"/>
    public static async Task Within(this Task task, string waitingFor)
    {
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Timed out after {Limit.TotalSeconds:0}s waiting for {waitingFor}.");
        }
    }

    /// <summary>Asks <paramref name="condition"/> again every 100 ms, for state that raises no signal when it changes.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string waitingFor)
    {
        using var timeout = new CancellationTokenSource(Limit);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {Limit.TotalSeconds:0}s waiting for {waitingFor}; last seen: {value}.");
            }
        }
    }
}
