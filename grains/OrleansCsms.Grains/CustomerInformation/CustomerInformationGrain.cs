namespace OrleansCsms.Grains;

/// <summary>
/// The customer information requests of one OCPP 2.0.1 station (N09, N10) and the NotifyCustomerInformation parts
/// that answer them, assembled by requestId. A grain of its own: a long report never holds up the station's
/// transaction messages, and a customer's data stays apart from the station's operational state.
/// </summary>
[GrainType(GrainTypes.CustomerInformation)]
public sealed class CustomerInformationGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<CustomerInformationState> state,
    TimeProvider time) : Grain, ICustomerInformationGrain, IDurableStateGrain
{
    // Enough for an operator to read the latest answers; older customer data is better not kept at all.
    private const int RequestsKept = 20;

    // Each part carries up to 512 characters: this bounds one answer to half a megabyte.
    private const int PartsKept = 1_000;

    private CustomerInformationState State => state.State;

    public async Task RequestedAsync(CustomerInformationAsk ask)
    {
        ArgumentNullException.ThrowIfNull(ask);
        State.Requests[ask.RequestId] = new CustomerInformationRecord(ask, null, null, [], Complete: !ask.Report, null);
        Trim();
        await state.WriteStateAsync();
    }

    public async Task AnsweredAsync(int requestId, string status)
    {
        if (!State.Requests.TryGetValue(requestId, out var record))
        {
            return;
        }

        // A refused request sends no report: nothing more is to come.
        var complete = record.Complete || status != "Accepted";
        State.Requests[requestId] = record with { Status = status, AnsweredAt = time.GetUtcNow(), Complete = complete };
        await state.WriteStateAsync();
    }

    public async Task RecordPartAsync(CustomerDataPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var record = State.Requests.GetValueOrDefault(part.RequestId) ?? new CustomerInformationRecord(null, null, null, [], Complete: false, null);
        var assembly = ReportAssembly<CustomerDataPart>.Of(record.Parts, p => p.SeqNo, p => p.ToBeContinued, PartsKept)
            .Add(part.SeqNo, part.ToBeContinued, part, PartsKept, out var outcome);
        if (outcome != ReportPartOutcome.Added)
        {
            return;
        }

        State.Requests[part.RequestId] = record with
        {
            Parts = [.. assembly.Parts],
            Complete = assembly.Complete,
            CompletedAt = assembly.Complete ? record.CompletedAt ?? time.GetUtcNow() : null,
        };
        Trim();
        await state.WriteStateAsync();
    }

    public Task<CustomerInformationState> GetAsync() => Task.FromResult(State);

    public async Task ForgetAsync()
    {
        await state.ClearStateAsync();
        state.State = new CustomerInformationState();
    }

    private void Trim()
    {
        while (State.Requests.Count > RequestsKept)
        {
            State.Requests.Remove(State.Requests.Keys.First());
        }
    }
}
