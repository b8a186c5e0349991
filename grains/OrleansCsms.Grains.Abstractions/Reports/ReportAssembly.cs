namespace OrleansCsms.Grains;

/// <summary>One part of a report and the seqNo it came with (or took, in arrival order).</summary>
public sealed record ReportSection<TPart>(int SeqNo, TPart Part);

/// <summary>
/// A multi-part OCPP 2.0.1 report put together from its parts, by seqNo: a repeated part changes nothing, parts may
/// come in any order, a part after the last is kept out, and no more than a bound of parts is kept. Immutable: a grain
/// builds it from what it stored, adds the part that arrived, and stores the result.
/// </summary>
public sealed record ReportAssembly<TPart>(ReportSequence Sequence, IReadOnlyList<ReportSection<TPart>> Sections)
{
    /// <summary>A report no part of which arrived yet.</summary>
    public static ReportAssembly<TPart> Empty { get; } = new(ReportSequence.Empty, []);

    /// <summary>Whether the last part arrived and every part before it too.</summary>
    public bool Complete => Sequence.Complete;

    /// <summary>The parts, in seqNo order.</summary>
    public IEnumerable<TPart> Parts => Sections.Select(s => s.Part);

    /// <summary>
    /// Rebuilds the assembly of stored parts that carry their own seqNo and tbc flag, as if they arrived again (within
    /// <paramref name="maxParts"/>; what a stricter rule would have kept out stays out).
    /// </summary>
    public static ReportAssembly<TPart> Of(IEnumerable<TPart> parts, Func<TPart, int> seqNo, Func<TPart, bool> toBeContinued, int maxParts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(seqNo);
        ArgumentNullException.ThrowIfNull(toBeContinued);
        return parts.Aggregate(Empty, (assembly, part) => assembly.Add(seqNo(part), toBeContinued(part), part, maxParts, out _));
    }

    /// <summary>The assembly of stored parts that carry no seqNo, in the order they arrived; <paramref name="lastArrived"/>: the report is complete.</summary>
    public static ReportAssembly<TPart> InArrivalOrder(IReadOnlyList<TPart> parts, bool lastArrived)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return new(ReportSequence.Arrived(parts.Count, lastArrived), [.. parts.Select((part, index) => new ReportSection<TPart>(index, part))]);
    }

    /// <summary>The assembly with <paramref name="part"/> added as seqNo <paramref name="seqNo"/>, or this one unchanged when <paramref name="outcome"/> is not Added.</summary>
    public ReportAssembly<TPart> Add(int seqNo, bool toBeContinued, TPart part, int maxParts, out ReportPartOutcome outcome)
    {
        var sequence = Sequence.Add(seqNo, toBeContinued, maxParts, out outcome);
        if (outcome != ReportPartOutcome.Added)
        {
            return this;
        }

        var at = Sections.Count;
        while (at > 0 && Sections[at - 1].SeqNo > seqNo)
        {
            at--;
        }

        var sections = Sections.ToList();
        sections.Insert(at, new ReportSection<TPart>(seqNo, part));
        return new(sequence, sections);
    }

    /// <summary>The assembly with a part that carries no seqNo added after the others (see <see cref="ReportSequence.Next"/>).</summary>
    public ReportAssembly<TPart> Append(bool toBeContinued, TPart part, int maxParts, out ReportPartOutcome outcome) =>
        Add(Sequence.Next, toBeContinued, part, maxParts, out outcome);
}
