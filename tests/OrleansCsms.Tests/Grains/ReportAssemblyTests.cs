using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

public sealed class ReportAssemblyTests
{
    private const int Bound = 1_000;

    /// <summary>A report of 1-40 parts, offered in any order with some offered twice or three times.</summary>
    private static readonly Arbitrary<(int Parts, int[] Offered)> ShuffledWithRepeats =
        Gen.Choose(1, 40)
            .SelectMany(parts => Gen.ListOf(Gen.Choose(0, parts - 1)).SelectMany(
                repeats => Gen.Shuffle([.. Enumerable.Range(0, parts), .. repeats]),
                (repeats, offered) => (Parts: parts, Offered: offered)))
            .ToArbitrary();

    [Fact]
    public void Parts_offered_in_any_order_and_repeated_make_the_same_complete_report()
    {
        Prop.ForAll(ShuffledWithRepeats, shuffled =>
        {
            var assembly = Offer(shuffled.Parts, shuffled.Offered);
            return assembly.Complete
                && assembly.Parts.SequenceEqual(Enumerable.Range(0, shuffled.Parts).Select(Content))
                && assembly.Sequence.Received.SequenceEqual([new SeqNoRange(0, shuffled.Parts - 1)])
                && assembly.Sequence.LastSeqNo == shuffled.Parts - 1;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_report_is_complete_only_once_its_last_part_arrives_whatever_came_before()
    {
        Prop.ForAll(ShuffledWithRepeats, shuffled =>
        {
            var last = shuffled.Parts - 1;
            var withoutLast = shuffled.Offered.Where(seqNo => seqNo != last).ToArray();
            return !Offer(shuffled.Parts, withoutLast).Complete && Offer(shuffled.Parts, [.. withoutLast, last]).Complete;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_part_offered_again_changes_nothing()
    {
        var once = ReportAssembly<string>.Empty.Add(0, true, "first", Bound, out _);

        var twice = once.Add(0, true, "first, retried", Bound, out var outcome);

        Assert.Equal(ReportPartOutcome.Repeated, outcome);
        Assert.Same(once, twice);
        Assert.Equal(["first"], twice.Parts);
    }

    [Fact]
    public void A_report_with_a_missing_part_is_not_complete_though_its_last_part_arrived()
    {
        var assembly = ReportAssembly<string>.Empty
            .Add(0, true, "a", Bound, out _)
            .Add(2, false, "c", Bound, out _);

        Assert.False(assembly.Complete, "seqNo 1 is missing: the report must wait for it");
        Assert.True(assembly.Add(1, true, "b", Bound, out _).Complete, "with seqNo 1 every part up to the last is there");
    }

    [Fact]
    public void A_part_numbered_after_the_last_is_kept_out()
    {
        var complete = ReportAssembly<string>.Empty.Add(0, false, "all", Bound, out _);

        var after = complete.Add(1, true, "late", Bound, out var outcome);

        Assert.Equal(ReportPartOutcome.AfterLast, outcome);
        Assert.True(after.Complete);
        Assert.Equal(["all"], after.Parts);
    }

    [Fact]
    public void A_last_part_numbered_before_one_already_received_is_kept_out()
    {
        var assembly = ReportAssembly<string>.Empty.Add(3, true, "d", Bound, out _);

        assembly = assembly.Add(1, false, "b", Bound, out var outcome);

        Assert.Equal(ReportPartOutcome.AfterLast, outcome);
        Assert.Null(assembly.Sequence.LastSeqNo);
    }

    [Fact]
    public void No_more_parts_than_the_bound_are_kept_however_they_are_numbered()
    {
        var assembly = ReportAssembly<string>.Empty.Add(0, true, "a", 2, out _).Add(1, true, "b", 2, out _);

        assembly.Add(2, false, "c", 2, out var third);
        ReportAssembly<string>.Empty.Add(5, true, "far", 2, out var far);

        Assert.Equal(ReportPartOutcome.OverLimit, third);
        Assert.Equal(ReportPartOutcome.OverLimit, far);
    }

    [Fact]
    public void A_negative_seqNo_is_refused()
    {
        ReportAssembly<string>.Empty.Add(-1, false, "a", Bound, out var outcome);

        Assert.Equal(ReportPartOutcome.Invalid, outcome);
    }

    [Fact]
    public void Parts_without_a_seqNo_stand_in_arrival_order_and_none_follows_the_last()
    {
        var assembly = ReportAssembly<string>.Empty
            .Append(true, "first", Bound, out _)
            .Append(true, "second", Bound, out _)
            .Append(false, "third", Bound, out _);

        assembly.Append(true, "fourth", Bound, out var outcome);

        Assert.Equal(["first", "second", "third"], assembly.Parts);
        Assert.True(assembly.Complete);
        Assert.Equal(ReportPartOutcome.AfterLast, outcome);
    }

    [Fact]
    public void Stored_parts_without_a_seqNo_are_taken_up_where_they_stopped()
    {
        var open = ReportAssembly<string>.InArrivalOrder(["a", "b"], lastArrived: false).Append(false, "c", Bound, out var added);
        ReportAssembly<string>.InArrivalOrder(["a", "b"], lastArrived: true).Append(true, "c", Bound, out var afterLast);

        Assert.Equal(ReportPartOutcome.Added, added);
        Assert.Equal(["a", "b", "c"], open.Parts);
        Assert.True(open.Complete);
        Assert.Equal(ReportPartOutcome.AfterLast, afterLast);
    }

    [Fact]
    public void A_report_closed_before_any_part_is_complete_and_takes_no_part()
    {
        var closed = ReportAssembly<string>.InArrivalOrder([], lastArrived: true);

        closed.Append(false, "late", Bound, out var outcome);

        Assert.True(closed.Complete, "a report the station said nothing will follow is complete, and empty");
        Assert.Equal(ReportPartOutcome.AfterLast, outcome);
    }

    [Fact]
    public void Stored_parts_that_carry_their_seqNo_rebuild_the_same_report()
    {
        var parts = new[] { (SeqNo: 2, Tbc: false), (SeqNo: 0, Tbc: true), (SeqNo: 1, Tbc: true) };

        var rebuilt = ReportAssembly<(int SeqNo, bool Tbc)>.Of(parts, p => p.SeqNo, p => p.Tbc, Bound);

        Assert.True(rebuilt.Complete);
        Assert.Equal([0, 1, 2], rebuilt.Parts.Select(p => p.SeqNo));
    }

    [Fact]
    public void A_device_model_report_stored_before_the_last_seqNo_was_kept_still_loads()
    {
        const string stored = """{"reports":{"5":{"requestId":5,"kind":"FullInventory","requestedAt":"2030-01-01T08:00:00+00:00","partsReceived":2,"variablesReceived":9,"complete":true,"completedAt":"2030-01-01T08:00:05+00:00","seqNos":[{"from":0,"to":1}]}}}""";

        var read = JsonSerializer.Deserialize<DeviceModelState>(stored, GrainJson.Options)!;
        var again = JsonSerializer.Deserialize<DeviceModelState>(JsonSerializer.Serialize(read, GrainJson.Options), GrainJson.Options)!;

        Assert.True(read.Reports[5] is { Complete: true, PartsReceived: 2, LastSeqNo: null }, $"Expected the stored report complete with no last seqNo, but read {read.Reports[5]}.");
        Assert.Equal(read.Reports[5] with { SeqNos = [] }, again.Reports[5] with { SeqNos = [] });
    }

    private static ReportAssembly<string> Offer(int parts, IEnumerable<int> seqNos) =>
        seqNos.Aggregate(ReportAssembly<string>.Empty, (assembly, seqNo) => assembly.Add(seqNo, seqNo < parts - 1, Content(seqNo), Bound, out _));

    private static string Content(int seqNo) => $"part {seqNo}";
}
