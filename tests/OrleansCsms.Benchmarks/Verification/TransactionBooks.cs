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
        var storedIds = new ConcurrentDictionary<CompletedTransaction, int>();
        var stored = 0;
        await Parallel.ForEachAsync(
            sent.GroupBy(t => t.ChargePointId),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chargePoint, ct) =>
            {
                var page = await api.GetFromJsonAsync<TransactionPage>(
                    $"transactions?chargePointId={Uri.EscapeDataString(chargePoint.Key)}&pageSize=500", Json, ct);
                var items = page?.Items ?? [];
                Interlocked.Add(ref stored, items.Count);
                if (items.Count != chargePoint.Count())
                {
                    problems.Enqueue($"{chargePoint.Key}: {items.Count} transactions stored, {chargePoint.Count()} acknowledged");
                }

                var unmatched = items.ToList();
                foreach (var transaction in chargePoint)
                {
                    var item = Match(transaction, unmatched);
                    if (item is null)
                    {
                        problems.Enqueue($"transaction {Name(transaction)} of {chargePoint.Key} was acknowledged but is not stored");
                        continue;
                    }

                    unmatched.Remove(item);
                    storedIds[transaction] = item.Id;
                    if (item.Active || item.MeterStart != transaction.MeterStart || item.MeterStop != transaction.MeterStop
                        || item.EnergyWh != transaction.MeterStop - transaction.MeterStart)
                    {
                        problems.Enqueue($"transaction {item.Id}: stored start {item.MeterStart}, stop {item.MeterStop}, energy {item.EnergyWh} Wh, active {item.Active}; sent start {transaction.MeterStart}, stop {transaction.MeterStop}");
                    }
                }
            });

        var matched = storedIds.OrderBy(p => p.Value).ToList();
        var sample = matched.Where((_, i) => i % Math.Max(1, matched.Count / Math.Max(1, detailChecks)) == 0).Take(detailChecks).ToList();
        var detailMismatches = 0;
        await Parallel.ForEachAsync(sample, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (pair, ct) =>
        {
            var (transaction, id) = pair;
            var details = await api.GetFromJsonAsync<TransactionDetails>($"transactions/{id}", Json, ct);
            if (details is null || details.MeterValueCount != transaction.SampledValuesSent || details.EnergyWh != transaction.MeterStop - transaction.MeterStart)
            {
                Interlocked.Increment(ref detailMismatches);
                problems.Enqueue($"transaction {id}: {details?.MeterValueCount} sampled values and {details?.EnergyWh} Wh stored, {transaction.SampledValuesSent} and {transaction.MeterStop - transaction.MeterStart} Wh sent");
            }
        });

        return new BooksCheck(sent.Count, stored, sample.Count, detailMismatches, problems.Count, [.. problems.Take(MaxProblemsListed)]);
    }

    /// <summary>
    /// A 1.6 transaction is found by the id the central system gave it; a 2.0.1 one, named by its station, by its
    /// readings among the charge point's stored transactions not matched yet.
    /// </summary>
    private static TransactionItem? Match(CompletedTransaction transaction, List<TransactionItem> unmatched) =>
        transaction.TransactionId is { } id
            ? unmatched.Find(i => i.Id == id)
            : unmatched.Find(i => i.MeterStart == transaction.MeterStart && i.MeterStop == transaction.MeterStop);

    private static string Name(CompletedTransaction transaction) =>
        transaction.TransactionId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? transaction.StationTransactionId ?? "?";

    private sealed record TransactionPage(IReadOnlyList<TransactionItem> Items, long TotalCount);

    private sealed record TransactionItem(int Id, string ChargePointId, int? MeterStart, int? MeterStop, long? EnergyWh, bool Active);

    private sealed record TransactionDetails(int Id, long? EnergyWh, int MeterValueCount);
}

/// <summary>The outcome of a books check: how many transactions were compared and what did not match.</summary>
public sealed record BooksCheck(int Acknowledged, int Stored, int DetailsChecked, int DetailMismatches, int ProblemCount, IReadOnlyList<string> Problems)
{
    public bool Balanced => ProblemCount == 0 && Stored == Acknowledged;
}
