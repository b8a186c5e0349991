using System.Diagnostics;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>Waits on a condition observed by polling, with a deadline instead of a fixed sleep.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Probes until <paramref name="done"/> holds and returns the probe's last value and how long it took. A probe that
    /// throws counts as not done yet. Past <paramref name="timeout"/> it fails with <paramref name="expectation"/>, the
    /// last value seen (through <paramref name="describe"/>) and the last error.
    /// </summary>
    public static async Task<(T Value, TimeSpan Elapsed)> UntilAsync<T>(
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> done,
        TimeSpan timeout,
        string expectation,
        Func<T, string> describe)
    {
        var waited = Stopwatch.StartNew();
        var seen = "nothing";
        Exception? lastError = null;
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                var value = await probe(attempt.Token);
                if (done(value))
                {
                    return (value, waited.Elapsed);
                }

                seen = describe(value);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException or Npgsql.NpgsqlException or System.Text.Json.JsonException)
            {
                lastError = ex;
            }

            if (waited.Elapsed >= timeout)
            {
                throw new TimeoutException(
                    $"Expected {expectation} within {timeout.TotalSeconds:0.#} s, but after {waited.Elapsed.TotalSeconds:0.#} s the last observation was: {seen}" +
                    (lastError is null ? "" : $"; last error: {lastError.GetType().Name}: {lastError.Message}"));
            }

            await Task.Delay(Interval);
        }
    }
}
