namespace OrleansCsms.Grains;

/// <summary>Authorization of one id tag (key: the id tag).</summary>
[Alias("csms.IIdTagGrain")]
public interface IIdTagGrain : IGrainWithStringKey
{
    /// <summary>Returns the tag's status for a charge point: Accepted, Blocked, Expired, Invalid (unknown) or ConcurrentTx.</summary>
    Task<IdTagInfo> AuthorizeAsync();

    /// <summary>Records a transaction started with this tag and returns the status the tag had for it.</summary>
    Task<IdTagInfo> TransactionStartedAsync(int transactionId);

    /// <summary>Records that a transaction with this tag stopped.</summary>
    Task TransactionStoppedAsync(int transactionId);

    /// <summary>Returns the tag, or null when it is unknown.</summary>
    Task<IdTagState?> GetAsync();

    /// <summary>Creates or replaces the tag's status, expiry and parent; returns whether it was created.</summary>
    Task<bool> PutAsync(IdTagUpdate update);

    /// <summary>Deletes the tag; false when it was unknown.</summary>
    Task<bool> DeleteAsync();
}
