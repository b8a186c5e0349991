namespace OrleansCsms.Grains;

/// <summary>What became of one part offered to a multi-part report.</summary>
public enum ReportPartOutcome
{
    /// <summary>The part is new: keep what it carries.</summary>
    Added,

    /// <summary>A part with this seqNo arrived before (a station retrying an unanswered call): nothing changes.</summary>
    Repeated,

    /// <summary>
    /// The part contradicts the one that said it was last: it is numbered after it, or it says it is last while a
    /// later-numbered part arrived already. Kept out, so a finished report never changes.
    /// </summary>
    AfterLast,

    /// <summary>The report already has as many parts as the CSMS keeps of one.</summary>
    OverLimit,

    /// <summary>A negative seqNo: no report numbers its parts so.</summary>
    Invalid,
}

/// <summary>
/// The sequence bookkeeping of one multi-part OCPP 2.0.1 report (NotifyReport, NotifyMonitoringReport,
/// NotifyCustomerInformation, NotifyDisplayMessages, ReportChargingProfiles): which seqNos arrived, as sorted runs,
/// and which one said it was last (tbc false). The report is complete once every seqNo from 0 to the last is there,
/// whatever order they came in. Reports whose messages carry no seqNo number their parts in arrival order
/// (<see cref="Next"/>): one outstanding call at a time keeps that order the station's own.
/// </summary>
public sealed record ReportSequence(IReadOnlyList<SeqNoRange> Received, int? LastSeqNo)
{
    /// <summary>A report no part of which arrived yet.</summary>
    public static ReportSequence Empty { get; } = new([], null);

    /// <summary>
    /// The sequence of a report whose stored record keeps only how many parts came, in arrival order, and whether the
    /// last of them did; a report closed with no part at all has -1 as its last seqNo.
    /// </summary>
    public static ReportSequence Arrived(int parts, bool lastArrived)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parts);
        return new(parts == 0 ? [] : [new SeqNoRange(0, parts - 1)], lastArrived ? parts - 1 : null);
    }

    /// <summary>How many parts arrived.</summary>
    public int Count => Received.Sum(r => r.To - r.From + 1);

    /// <summary>The seqNo the next unnumbered part takes: one past the highest received.</summary>
    public int Next => Received.Count == 0 ? 0 : Received[^1].To + 1;

    /// <summary>Whether the last part arrived and every part before it too.</summary>
    public bool Complete => LastSeqNo is { } last && (last < 0 ? Received.Count == 0 : Received is [{ From: 0 } only] && only.To == last);

    /// <summary>What adding a part numbered <paramref name="seqNo"/> would do, keeping at most <paramref name="maxParts"/> parts.</summary>
    public ReportPartOutcome Judge(int seqNo, bool toBeContinued, int maxParts)
    {
        if (seqNo < 0)
        {
            return ReportPartOutcome.Invalid;
        }

        if (Received.Any(r => r.From <= seqNo && seqNo <= r.To))
        {
            return ReportPartOutcome.Repeated;
        }

        if (LastSeqNo is { } last && seqNo > last)
        {
            return ReportPartOutcome.AfterLast;
        }

        if (!toBeContinued && Received.Count > 0 && Received[^1].To > seqNo)
        {
            return ReportPartOutcome.AfterLast;
        }

        // Numbers at or past the bound are refused too: the runs stay within it, however the parts are numbered.
        return seqNo >= maxParts || Count >= maxParts ? ReportPartOutcome.OverLimit : ReportPartOutcome.Added;
    }

    /// <summary>The sequence with the part numbered <paramref name="seqNo"/> added, or this one unchanged when <paramref name="outcome"/> is not Added.</summary>
    public ReportSequence Add(int seqNo, bool toBeContinued, int maxParts, out ReportPartOutcome outcome)
    {
        outcome = Judge(seqNo, toBeContinued, maxParts);
        return outcome != ReportPartOutcome.Added ? this : new(SeqNoRuns.Add([.. Received], seqNo), toBeContinued ? LastSeqNo : seqNo);
    }
}
