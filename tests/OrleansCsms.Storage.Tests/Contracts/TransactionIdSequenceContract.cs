using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>Transaction ids: positive int32s, never the same one twice, increasing.</summary>
public abstract class TransactionIdSequenceContract(StorageFixture fixture)
{
    private readonly ITransactionIdSequence _sequence = fixture.Storage.Get<ITransactionIdSequence>();
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task Two_thousand_concurrent_requests_get_two_thousand_distinct_ids()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, 2_000).Select(async _ =>
        {
            await start.Task;
            return await _sequence.NextAsync(_cancellation);
        }).ToArray();
        start.SetResult();

        var ids = await Task.WhenAll(requests).Within("2,000 concurrent transaction ids");

        Assert.Equal(2_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id > 0, $"Expected positive transaction ids, got {id}."));
    }

    [Fact]
    public async Task Each_id_is_greater_than_the_one_before()
    {
        var previous = await _sequence.NextAsync(_cancellation);
        for (var i = 0; i < 250; i++)
        {
            var next = await _sequence.NextAsync(_cancellation);
            Assert.True(next > previous, $"Expected an id greater than {previous}, got {next}.");
            previous = next;
        }
    }
}

public sealed class PostgresTransactionIdSequenceTests(PostgresFixture fixture) : TransactionIdSequenceContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteTransactionIdSequenceTests(SqliteFixture fixture) : TransactionIdSequenceContract(fixture), IClassFixture<SqliteFixture>;
