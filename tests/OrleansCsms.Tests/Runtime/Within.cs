using Xunit.Sdk;

namespace OrleansCsms.Tests.Runtime;

/// <summary>Waits on a signal with an upper bound, failing with what was being waited for instead of hanging.</summary>
public static class Within
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public static async Task WaitAsync(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new XunitException($"Timed out after {Limit.TotalSeconds:0}s waiting for {what}.");
        }
    }

    public static async Task<T> WaitAsync<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new XunitException($"Timed out after {Limit.TotalSeconds:0}s waiting for {what}.");
        }
    }
}
