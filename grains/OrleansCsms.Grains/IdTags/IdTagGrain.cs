namespace OrleansCsms.Grains;

/// <summary>
/// Authorization of one id tag: status, expiry, parent and how many transactions it may be in at once.
/// </summary>
/// <remarks>
/// Starts and stops write nothing here, so a tag shared by thousands of charge points is no write hot spot. The
/// transactions a tag is in are derived from the stored transactions (in progress, started Accepted), read when a
/// limited tag first starts one, then kept in memory as starts and stops pass through. A start that would exceed
/// the limit reads them again before answering ConcurrentTx, so a count left behind by a start that never got stored
/// (a silo killed between here and the transaction's write) blocks the tag for at most <see cref="ReservationGrace"/>.
/// </remarks>
[GrainType(GrainTypes.IdTag)]
public sealed class IdTagGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<IdTagState> state,
    ICsmsQueries queries,
    TimeProvider time) : Grain, IIdTagGrain, IDurableStateGrain
{
    /// <summary>How long a start counted here is trusted before its transaction is found in storage.</summary>
    public static readonly TimeSpan ReservationGrace = TimeSpan.FromMinutes(1);

    // Transaction id → when this activation counted it (MinValue: read from storage). Null until first needed.
    private Dictionary<int, DateTimeOffset>? _active;

    private IdTagState State => state.State;

    public Task<IdTagInfo> AuthorizeAsync(string? tokenType = null) => Task.FromResult(Evaluate(tokenType));

    public async Task<IdTagInfo> StartTransactionAsync(int transactionId, string? tokenType = null)
    {
        var info = Evaluate(tokenType);
        if (info.Status != "Accepted" || State.MaxActiveTransactions == IdTagState.Unlimited)
        {
            return info;
        }

        _active ??= await ReadActiveAsync(fresh: null);
        if (Others(transactionId) >= State.MaxActiveTransactions)
        {
            // The count may hold a start whose transaction was never stored: trust only what storage shows, and starts too recent to be there yet.
            _active = await ReadActiveAsync(fresh: _active);
            if (Others(transactionId) >= State.MaxActiveTransactions)
            {
                return info with { Status = "ConcurrentTx" };
            }
        }

        _active[transactionId] = time.GetUtcNow();
        return info;
    }

    public Task TransactionEndedAsync(int transactionId)
    {
        _active?.Remove(transactionId);
        return Task.CompletedTask;
    }

    public Task<IdTagState?> GetAsync() => Task.FromResult(state.RecordExists ? State : null);

    public async Task<bool> PutAsync(IdTagUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var created = !state.RecordExists;
        var now = time.GetUtcNow();
        State.IdTag = this.GetPrimaryKeyString();
        State.Status = update.Status;
        State.ExpiryDate = update.ExpiryDate;
        State.ParentIdTag = update.ParentIdTag;
        State.MaxActiveTransactions = update.MaxActiveTransactions;
        State.IdTokenType = update.IdTokenType;
        State.PersonalMessage = update.PersonalMessage;
        State.PersonalMessageLanguage = update.PersonalMessage is null ? null : update.PersonalMessageLanguage;
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
        _active = null;
        return true;
    }

    private int Others(int transactionId) => _active!.Count - (_active.ContainsKey(transactionId) ? 1 : 0);

    private async Task<Dictionary<int, DateTimeOffset>> ReadActiveAsync(Dictionary<int, DateTimeOffset>? fresh)
    {
        var stored = await queries.ListActiveTransactionsAsync(this.GetPrimaryKeyString(), CancellationToken.None);
        var active = stored.ToDictionary(t => t.TransactionId, _ => DateTimeOffset.MinValue);
        if (fresh is not null)
        {
            var since = time.GetUtcNow() - ReservationGrace;
            foreach (var (id, countedAt) in fresh)
            {
                if (countedAt >= since)
                {
                    active.TryAdd(id, countedAt);
                }
            }
        }

        return active;
    }

    private IdTagInfo Evaluate(string? tokenType)
    {
        if (!state.RecordExists || !IdTokenTypes.IsPresentableAs(State.IdTokenType, tokenType))
        {
            return IdTagInfo.Invalid;
        }

        var status = State.Status;
        if (status == "Accepted" && State.ExpiryDate is { } expiry && expiry <= time.GetUtcNow())
        {
            status = "Expired";
        }

        return new IdTagInfo(status, State.ExpiryDate, State.ParentIdTag, State.PersonalMessage, State.PersonalMessageLanguage);
    }
}
