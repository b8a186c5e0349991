using System.Text;
using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>The OCPP message log: appended without waiting, written in the background, listed newest first.</summary>
public abstract class OcppMessageLogContract(StorageFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly IOcppMessageLog _log = fixture.Storage.Get<IOcppMessageLog>();
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task After_a_flush_a_charge_points_messages_are_listed_newest_first_a_page_at_a_time()
    {
        var chargePoint = NewChargePoint();
        var entries = Enumerable.Range(0, 25).Select(i => Entry(chargePoint, i)).ToArray();
        foreach (var entry in entries)
        {
            _log.Append(entry);
        }

        await _log.FlushAsync(_cancellation).Within("the message log to flush");

        var first = await _log.ListAsync(chargePoint, 1, 10, _cancellation);
        Assert.Equal(25, first.TotalCount);
        Assert.Equal(entries.Reverse().Take(10), first.Items);
        var last = await _log.ListAsync(chargePoint, 3, 10, _cancellation);
        Assert.Equal(entries.Take(5).Reverse(), last.Items);
        Assert.Equal((3, 10), (last.PageNumber, last.PageSize));
    }

    [Fact]
    public async Task Another_charge_points_messages_are_not_listed()
    {
        var mine = NewChargePoint();
        var theirs = NewChargePoint();
        _log.Append(Entry(mine, 0));
        _log.Append(Entry(theirs, 1));

        await _log.FlushAsync(_cancellation).Within("the message log to flush");

        var page = await _log.ListAsync(mine, 1, 10, _cancellation);
        Assert.Equal([Entry(mine, 0)], page.Items);
    }

    [Fact]
    public async Task More_messages_than_one_batch_are_all_written_by_the_time_a_flush_returns()
    {
        var chargePoint = NewChargePoint();
        for (var i = 0; i < 2_500; i++)
        {
            _log.Append(Entry(chargePoint, i));
        }

        await _log.FlushAsync(_cancellation).Within("2,500 messages to be flushed");

        var page = await _log.ListAsync(chargePoint, 1, 1, _cancellation);
        Assert.Equal(2_500, page.TotalCount);
        Assert.Equal(Entry(chargePoint, 2_499), Assert.Single(page.Items));
    }

    [Fact]
    public async Task A_flush_with_nothing_queued_returns()
    {
        await _log.FlushAsync(_cancellation).Within("an idle flush");
        await _log.FlushAsync(_cancellation).Within("a second idle flush");
    }

    [Fact]
    public async Task A_charge_point_without_messages_has_an_empty_page()
    {
        var page = await _log.ListAsync(NewChargePoint(), 1, 10, _cancellation);

        Assert.Empty(page.Items);
        Assert.Equal(0, page.TotalCount);
    }

    [Fact]
    public async Task Frames_are_read_back_byte_for_byte_whether_non_ascii_not_valid_utf8_or_empty()
    {
        var chargePoint = NewChargePoint();
        byte[][] frames =
        [
            Encoding.UTF8.GetBytes("""[2,"m-0","DataTransfer",{"vendorId":"Grüße","data":"€ 😀 ✓ 充电"}]"""),
            [.. """[2,"m-1","DataTransfer",{"data":" """u8, 0xC3, 0x28, 0xFF, 0x00, 0xED, 0xA0, 0x80, .. """ "}]"""u8],
            [],
        ];
        var entries = frames.Select((frame, i) => new OcppMessageLogEntry(Start.AddSeconds(i), chargePoint, "in", 2, $"m-{i}", "DataTransfer", frame)).ToArray();
        foreach (var entry in entries)
        {
            _log.Append(entry);
        }

        await _log.FlushAsync(_cancellation).Within("the message log to flush");

        var page = await _log.ListAsync(chargePoint, 1, 10, _cancellation);
        Assert.Equal(entries.Reverse().Select(entry => Convert.ToHexString(entry.Frame)), page.Items.Select(entry => Convert.ToHexString(entry.Frame)));
    }

    [Fact]
    public async Task Frames_logged_as_text_before_the_upgrade_to_bytes_are_listed_unchanged_after_it()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await database.MigrateToAsync(version: 1);
        const string frame = """[2,"m-1","DataTransfer",{"vendorId":"Grüße","data":"€ 😀 ✓"}]""";
        await database.ExecuteAsync($$"""
            INSERT INTO ocpp_messages (ts, charge_point_id, direction, message_type, message_id, action, frame)
            VALUES ('2025-03-01T08:00:00.0000000Z', 'CP-upgraded', 'in', 2, 'm-1', 'DataTransfer', '{{frame}}'),
                   ('2025-03-01T08:00:01.0000000Z', 'CP-upgraded', 'out', 3, 'm-1', 'DataTransfer', '[3,"m-1",{"status":"Accepted"}]')
            """);

        await using var upgraded = await database.StartAsync();

        var page = await upgraded.Get<IOcppMessageLog>().ListAsync("CP-upgraded", 1, 10, _cancellation);
        Assert.Equal(
            [
                new OcppMessageLogEntry(Start.AddSeconds(1), "CP-upgraded", "out", 3, "m-1", "DataTransfer", """[3,"m-1",{"status":"Accepted"}]"""u8.ToArray()),
                new OcppMessageLogEntry(Start, "CP-upgraded", "in", 2, "m-1", "DataTransfer", Encoding.UTF8.GetBytes(frame)),
            ],
            page.Items);
    }

    private static string NewChargePoint() => $"CP-{Guid.NewGuid():N}";

    private static OcppMessageLogEntry Entry(string chargePoint, int index) => index % 2 == 0
        ? new(Start.AddSeconds(index), chargePoint, "In", 2, $"m-{index}", "Heartbeat", Encoding.UTF8.GetBytes($$"""[2,"m-{{index}}","Heartbeat",{}]"""))
        : new(Start.AddSeconds(index), chargePoint, "Out", 3, $"m-{index}", null, Encoding.UTF8.GetBytes($$"""[3,"m-{{index}}",{"currentTime":"2025-03-01T08:00:00Z"}]"""));
}

public sealed class PostgresOcppMessageLogTests(PostgresFixture fixture) : OcppMessageLogContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteOcppMessageLogTests(SqliteFixture fixture) : OcppMessageLogContract(fixture), IClassFixture<SqliteFixture>;
