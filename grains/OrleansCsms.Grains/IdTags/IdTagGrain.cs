namespace OrleansCsms.Grains;

/// <summary>Authorization of one id tag: status, expiry, parent and the transactions it is in.</summary>
[GrainType(GrainTypes.IdTag)]
public sealed class IdTagGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<IdTagState> state,
    TimeProvider time) : Grain, IIdTagGrain, IDurableStateGrain
{
    private IdTagState State => state.State;

    public Task<IdTagInfo> AuthorizeAsync() => Task.FromResult(Evaluate(exceptTransactionId: null));

    public async Task<IdTagInfo> TransactionStartedAsync(int transactionId)
    {
        var info = Evaluate(exceptTransactionId: transactionId);
        if (state.RecordExists && !State.ActiveTransactionIds.Contains(transactionId))
        {
            State.ActiveTransactionIds.Add(transactionId);
            await state.WriteStateAsync();
        }

        return info;
    }

    public async Task TransactionStoppedAsync(int transactionId)
    {
        if (state.RecordExists && State.ActiveTransactionIds.Remove(transactionId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IdTagState?> GetAsync() => Task.FromResult(state.RecordExists ? State : null);

    public async Task<bool> PutAsync(IdTagUpdate update)
    {
        var created = !state.RecordExists;
        var now = time.GetUtcNow();
        State.IdTag = this.GetPrimaryKeyString();
        State.Status = update.Status;
        State.ExpiryDate = update.ExpiryDate;
        State.ParentIdTag = update.ParentIdTag;
        State.CreatedAt ??= now;
        State.UpdatedAt = now;
        await state.WriteStateAsync();
        return created;
    }

    public async Task<bool> DeleteAsync()
    {
        if (!state.RecordExists)
        {
            return false;
        }

        await state.ClearStateAsync();
        state.State = new IdTagState();
        return true;
    }

    private IdTagInfo Evaluate(int? exceptTransactionId)
    {
        if (!state.RecordExists)
        {
            return IdTagInfo.Invalid;
        }

        var status = State.Status;
        if (status == "Accepted" && State.ExpiryDate is { } expiry && expiry <= time.GetUtcNow())
        {
            status = "Expired";
        }
        else if (status == "Accepted" && State.ActiveTransactionIds.Exists(id => id != exceptTransactionId))
        {
            status = "ConcurrentTx";
        }

        return new IdTagInfo(status, State.ExpiryDate, State.ParentIdTag);
    }
}
