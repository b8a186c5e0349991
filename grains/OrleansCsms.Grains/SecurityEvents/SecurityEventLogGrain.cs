using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// The security events of one charge point. A grain of its own rather than part of the charge point's: events are
/// recorded without waiting behind the charge point's transaction messages, and the charge point's state stays small.
/// </summary>
/// <remarks>
/// The log keeps the most recent <see cref="ChargePointOptions.SecurityEventsKept"/> events and counts the ones it
/// dropped: a charge point reporting in a loop costs a bounded record, never an unbounded one.
/// </remarks>
[GrainType(GrainTypes.SecurityEventLog)]
public sealed partial class SecurityEventLogGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<SecurityEventLogState> state,
    IOptions<ChargePointOptions> options,
    TimeProvider time,
    ILogger<SecurityEventLogGrain> logger) : Grain, ISecurityEventLogGrain, IDurableStateGrain
{
    private SecurityEventLogState State => state.State;

    public async Task RecordAsync(SecurityEventReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var critical = SecurityEventTypes.IsCritical(report.Type);
        State.ChargePointId = this.GetPrimaryKeyString();
        var recorded = new SecurityEvent(State.Recorded, report.Type, report.Timestamp, report.TechInfo, time.GetUtcNow(), critical);
        State.Events.Add(recorded);
        State.RaisedEvents.Add(ChargePointEvents.SecurityEvent(State.ChargePointId, recorded));
        State.Recorded++;
        var excess = State.Events.Count - options.Value.SecurityEventsKept;
        if (excess > 0)
        {
            State.Events.RemoveRange(0, excess);
            State.Discarded += excess;
        }

        await state.WriteStateAsync();
        if (critical)
        {
            LogCritical(logger, State.ChargePointId, report.Type, report.Timestamp, report.TechInfo);
        }
        else
        {
            LogReported(logger, State.ChargePointId, report.Type, report.Timestamp, report.TechInfo);
        }
    }

    public Task<SecurityEventPage> ListAsync(string? type, int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var matching = State.Events.Where(e => type is null || e.Type == type).Reverse().ToList();
        var items = matching.Skip((int)Math.Min((long)(page - 1) * pageSize, int.MaxValue)).Take(pageSize).ToList();
        return Task.FromResult(new SecurityEventPage(items, matching.Count, State.Discarded));
    }

    public async Task ForgetAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new SecurityEventLogState();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId}: critical security event {Type} at {Timestamp} ({TechInfo})")]
    private static partial void LogCritical(ILogger logger, string chargePointId, string type, DateTimeOffset timestamp, string? techInfo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId}: security event {Type} at {Timestamp} ({TechInfo})")]
    private static partial void LogReported(ILogger logger, string chargePointId, string type, DateTimeOffset timestamp, string? techInfo);
}
