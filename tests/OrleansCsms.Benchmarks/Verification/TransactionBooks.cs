using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Simulator;

namespace OrleansCsms.Benchmarks;

/// <summary>
/// Checks the central system's books against what the charge points sent, through the REST API: every
/// acknowledged transaction stored once, stopped, with the meter readings and energy that were sent.
/// </summary>
public static class TransactionBooks
{
    private const int MaxProblemsListed = 10;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<BooksCheck> CheckAsync(HttpClient api, IReadOnlyCollection<CompletedTransaction> sent, int detailChecks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(sent);
        var problems = new ConcurrentQueue<string>();
        var stored = 0;
        await Parallel.ForEachAsync(
            sent.GroupBy(t => t.ChargePointId),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chargePoint, ct) =>
            {
                var page = await api.GetFromJsonAsync<TransactionPage>(
                    $"transactions?chargePointId={Uri.EscapeDataString(chargePoint.Key)}&pageSize=500", Json, ct);
                var items = page?.Items.ToDictionary(i => i.Id) ?? [];
                Interlocked.Add(ref stored, items.Count);
                if (items.Count != chargePoint.Count())
                {
                    problems.Enqueue($"{chargePoint.Key}: {items.Count} transactions stored, {chargePoint.Count()} acknowledged");
                }

                foreach (var transaction in chargePoint)
                {
                    if (!items.TryGetValue(transaction.TransactionId, out var item))
                    {
                        problems.Enqueue($"transaction {transaction.TransactionId} of {chargePoint.Key} was acknowledged but is not stored");
                    }
                    else if (item.Active || item.MeterStart != transaction.MeterStart || item.MeterStop != transaction.MeterStop
                        || item.EnergyWh != transaction.MeterStop - transaction.MeterStart)
                    {
                        problems.Enqueue($"transaction {item.Id}: stored start {item.MeterStart}, stop {item.MeterStop}, energy {item.EnergyWh} Wh, active {item.Active}; sent start {transaction.MeterStart}, stop {transaction.MeterStop}");
                    }
                }
            });

        var sample = sent.OrderBy(t => t.TransactionId).Where((_, i) => i % Math.Max(1, sent.Count / Math.Max(1, detailChecks)) == 0).Take(detailChecks).ToList();
        var detailMismatches = 0;
        await Parallel.ForEachAsync(sample, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (transaction, ct) =>
        {
            var details = await api.GetFromJsonAsync<TransactionDetails>($"transactions/{transaction.TransactionId}", Json, ct);
            if (details is null || details.MeterValueCount != transaction.SampledValuesSent || details.EnergyWh != transaction.MeterStop - transaction.MeterStart)
            {
                Interlocked.Increment(ref detailMismatches);
                problems.Enqueue($"transaction {transaction.TransactionId}: {details?.MeterValueCount} sampled values and {details?.EnergyWh} Wh stored, {transaction.SampledValuesSent} and {transaction.MeterStop - transaction.MeterStart} Wh sent");
            }
        });

        return new BooksCheck(sent.Count, stored, sample.Count, detailMismatches, problems.Count, [.. problems.Take(MaxProblemsListed)]);
    }

    private sealed record TransactionPage(IReadOnlyList<TransactionItem> Items, long TotalCount);

    private sealed record TransactionItem(int Id, string ChargePointId, int? MeterStart, int? MeterStop, long? EnergyWh, bool Active);

    private sealed record TransactionDetails(int Id, long? EnergyWh, int MeterValueCount);
}

/// <summary>The outcome of a books check: how many transactions were compared and what did not match.</summary>
public sealed record BooksCheck(int Acknowledged, int Stored, int DetailsChecked, int DetailMismatches, int ProblemCount, IReadOnlyList<string> Problems)
{
    public bool Balanced => ProblemCount == 0 && Stored == Acknowledged;
}
