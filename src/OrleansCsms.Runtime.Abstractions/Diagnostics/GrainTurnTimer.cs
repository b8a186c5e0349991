using System.Diagnostics;

namespace OrleansCsms.Runtime.Diagnostics;

/// <summary>
/// Measures one grain call's turn from creation to disposal. A struct, so timing a turn allocates nothing.
/// </summary>
public readonly struct GrainTurnTimer : IDisposable
{
    private readonly string? _grainType;
    private readonly long _started;

    internal GrainTurnTimer(string grainType)
    {
        _grainType = grainType;
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Counts the call and records how long its turn ran.</summary>
    public void Dispose()
    {
        // A default instance was never started and has nothing to report.
        if (_grainType is null)
        {
            return;
        }

        var tag = CsmsInstruments.GrainType(_grainType);
        CsmsInstruments.GrainCalls.Add(1, tag);
        CsmsInstruments.GrainTurnDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, tag);
    }
}
