namespace OrleansCsms.Storage.Tests;

/// <summary>Bounds every wait in the tests, so a lost signal fails the test with a message instead of hanging the run.</summary>
public static class Deadline
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static CancellationToken Token() => new CancellationTokenSource(Limit).Token;

    /// <summary>Waits for <paramref name="task"/>, failing with what was being waited for when it takes too long.</summary>
    public static async Task<T> Within<T>(this Task<T> task, string waitingFor)
    {
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
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
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {Limit.TotalSeconds:0}s waiting for {waitingFor}.");
        }
    }
}
