using System.Globalization;

namespace OrleansCsms.Grains;

/// <summary>Sets of sequence numbers kept as sorted runs: a transaction's events usually make one run, however many they are.</summary>
public static class SeqNoRuns
{
    public static bool Contains(List<SeqNoRange> runs, int seqNo) => runs.Exists(r => r.From <= seqNo && seqNo <= r.To);

    public static List<SeqNoRange> Add(List<SeqNoRange> runs, int seqNo)
    {
        var merged = new List<SeqNoRange>(runs.Count + 1);
        var added = new SeqNoRange(seqNo, seqNo);
        foreach (var run in runs.OrderBy(r => r.From))
        {
            if (run.To + 1 < added.From || added.To + 1 < run.From)
            {
                merged.Add(run);
            }
            else
            {
                added = new SeqNoRange(Math.Min(run.From, added.From), Math.Max(run.To, added.To));
            }
        }

        merged.Add(added);
        merged.Sort((a, b) => a.From.CompareTo(b.From));
        return merged;
    }

    /// <summary>The runs in words, e.g. "0-7, 9".</summary>
    public static string Describe(IEnumerable<SeqNoRange> runs) =>
        string.Join(", ", runs.Select(r => r.From == r.To
            ? r.From.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{r.From}-{r.To}")));

    /// <summary>The sequence numbers missing between the first and the last received, in words; null when there is no hole.</summary>
    public static string? Missing(List<SeqNoRange> runs) =>
        runs.Count < 2 ? null : string.Join(", ", runs.Zip(runs.Skip(1), (a, b) => a.To + 1 == b.From - 1
            ? (a.To + 1).ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{a.To + 1}-{b.From - 1}")));
}

/// <summary>OCPP 2.0.1 id token types that need no lookup.</summary>
public static class IdTokens
{
    /// <summary>A token of type NoAuthorization: the station lets anyone charge, and its (empty) token names nobody.</summary>
    public static bool NeedsNoAuthorization(string? type) => type == "NoAuthorization";
}
