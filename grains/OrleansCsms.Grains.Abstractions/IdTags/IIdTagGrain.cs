using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>Authorization of one id tag (key: the id tag).</summary>
[Alias("csms.IIdTagGrain")]
public interface IIdTagGrain : IGrainWithStringKey
{
    /// <summary>
    /// Returns the tag's status for an Authorize: Accepted, Blocked, Expired or Invalid (unknown, or presented as an
    /// OCPP 2.0.1 <paramref name="tokenType"/> the tag is not). Never ConcurrentTx: OCPP 1.6 gives that status meaning
    /// only in a StartTransaction.conf.
    /// </summary>
    [ReadOnly]
    Task<IdTagInfo> AuthorizeAsync(string? tokenType = null);

    /// <summary>
    /// Returns the status the tag has for a transaction starting with it, and counts that transaction against the tag's
    /// limit when Accepted; ConcurrentTx when the tag is already in as many transactions as it may be. Nothing is
    /// written: what counts is derived from the stored transactions.
    /// </summary>
    Task<IdTagInfo> StartTransactionAsync(int transactionId, string? tokenType = null);

    /// <summary>Stops counting a transaction that ended against the tag's limit.</summary>
    Task TransactionEndedAsync(int transactionId);

    /// <summary>Returns the tag, or null when it is unknown.</summary>
    [ReadOnly]
    Task<IdTagState?> GetAsync();

    /// <summary>Creates or replaces the tag's status, expiry, parent and limit; returns whether it was created.</summary>
    Task<bool> PutAsync(IdTagUpdate update);

    /// <summary>Deletes the tag; false when it was unknown.</summary>
    Task<bool> DeleteAsync();
}
