using System.Diagnostics;

namespace OrleansCsms.Testing;

/// <summary>Waits on a condition observed by polling, with a deadline instead of a fixed sleep.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one probe may take before it counts as not done yet.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Probes until <paramref name="done"/> holds and returns the probe's last value and how long it took. A probe that
    /// fails the way a system still recovering fails (HTTP, timeouts, storage, the cluster, half-written JSON) counts as not done
    /// yet. Past <paramref name="timeout"/> it fails with <paramref name="expectation"/>, the last value seen (through
    /// <paramref name="describe"/>) and the last error.
    /// </summary>
    public static async Task<(T Value, TimeSpan Elapsed)> UntilAsync<T>(
        Func<CancellationToken, Task<T>> probe,
        Func<T, bool> done,
        TimeSpan timeout,
        string expectation,
        Func<T, string> describe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(describe);
        var waited = Stopwatch.StartNew();
        var seen = "nothing";
        Exception? lastError = null;
        while (true)
        {
            using var attempt = new CancellationTokenSource(ProbeTimeout);
            try
            {
                var value = await probe(attempt.Token);
                if (done(value))
                {
                    return (value, waited.Elapsed);
                }

                seen = describe(value);
            }
            catch (Exception ex) when (IsNotYet(ex))
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

    /// <summary>Probes until <paramref name="condition"/> holds; returns how long it took.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string expectation)
    {
        var (_, elapsed) = await UntilAsync(condition, holds => holds, timeout, expectation, _ => "the condition did not hold");
        return elapsed;
    }

    private static bool IsNotYet(Exception exception) => exception is
        HttpRequestException or OperationCanceledException or TimeoutException or InvalidOperationException
        or Npgsql.NpgsqlException or System.Text.Json.JsonException or System.Net.WebSockets.WebSocketException
        or Orleans.Runtime.OrleansException;
}
