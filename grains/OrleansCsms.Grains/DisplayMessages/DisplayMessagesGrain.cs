namespace OrleansCsms.Grains;

/// <summary>
/// The display messages of one OCPP 2.0.1 station: what the CSMS set and what the station reported. The last few
/// reports are kept, so that parts of an older request arriving late never mix with a newer one.
/// </summary>
[GrainType(GrainTypes.DisplayMessages)]
public sealed class DisplayMessagesGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<DisplayMessagesState> state,
    TimeProvider time) : Grain, IDisplayMessagesGrain, IDurableStateGrain
{
    private const int ReportsKept = 5;

    // A station reports every message it holds; this bounds what a misbehaving one can make the CSMS keep.
    private const int MessagesPerReportKept = 1_000;

    private DisplayMessagesState State => state.State;

    public async Task RecordSetAsync(DisplayMessage message, string status, int? transactionId)
    {
        ArgumentNullException.ThrowIfNull(message);
        State.Set[message.Id] = new SetDisplayMessage(message, status, time.GetUtcNow(), transactionId);
        await state.WriteStateAsync();
    }

    public async Task RecordClearedAsync(int messageId, string status)
    {
        if (status != "Accepted")
        {
            return;
        }

        State.Set.Remove(messageId);
        State.Reports = [.. State.Reports.Select(r => r with { Messages = [.. r.Messages.Where(m => m.Id != messageId)] })];
        await state.WriteStateAsync();
    }

    public async Task QueryRequestedAsync(int requestId)
    {
        if (State.Reports.Exists(r => r.RequestId == requestId))
        {
            return;
        }

        State.Reports.Add(new DisplayMessageReport(requestId, time.GetUtcNow(), null, [], Complete: false, null));
        if (State.Reports.Count > ReportsKept)
        {
            State.Reports.RemoveRange(0, State.Reports.Count - ReportsKept);
        }

        await state.WriteStateAsync();
    }

    public async Task QueryAnsweredAsync(int requestId, string status)
    {
        var index = State.Reports.FindIndex(r => r.RequestId == requestId);
        if (index < 0)
        {
            return;
        }

        var report = State.Reports[index];
        // Unknown: nothing matched and no part follows, so the report is complete, and empty.
        State.Reports[index] = status == "Accepted"
            ? report with { Status = status }
            : report with { Status = status, Complete = true, CompletedAt = report.CompletedAt ?? time.GetUtcNow() };
        await state.WriteStateAsync();
    }

    public async Task RecordReportAsync(int requestId, bool toBeContinued, IReadOnlyList<DisplayMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var now = time.GetUtcNow();
        var index = State.Reports.FindIndex(r => r.RequestId == requestId);
        if (index < 0)
        {
            // A report nobody here asked for (or asked for long ago) is still what the station holds.
            State.Reports.Add(new DisplayMessageReport(requestId, now, null, [], Complete: false, null));
            index = State.Reports.Count - 1;
        }

        // NotifyDisplayMessages carries no seqNo: parts stand in arrival order, the messages of those before as one; a
        // part after the last, or after an answer saying none will come, is left out.
        var report = State.Reports[index];
        var assembly = ReportAssembly<IReadOnlyList<DisplayMessage>>.InArrivalOrder(report.Messages.Count == 0 ? [] : [report.Messages], report.Complete)
            .Append(toBeContinued, messages, int.MaxValue, out var outcome);
        if (outcome != ReportPartOutcome.Added)
        {
            return;
        }

        State.Reports[index] = report with
        {
            Messages = [.. assembly.Parts.SelectMany(m => m).Take(MessagesPerReportKept)],
            Complete = assembly.Complete,
            CompletedAt = assembly.Complete ? now : report.CompletedAt,
        };
        if (State.Reports.Count > ReportsKept)
        {
            State.Reports.RemoveRange(0, State.Reports.Count - ReportsKept);
        }

        await state.WriteStateAsync();
    }

    public Task<DisplayMessagesState> GetAsync() => Task.FromResult(State);

    public async Task ForgetAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new DisplayMessagesState();
    }
}
