namespace OrleansCsms.Grains;

/// <summary>A page of results with the total number of matches.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long TotalCount, int PageNumber, int PageSize);

/// <summary>Issues OCPP 1.6 transaction ids (int32) from a durable sequence; never the same id twice.</summary>
public interface ITransactionIdSequence
{
    /// <summary>Returns the next transaction id.</summary>
    Task<int> NextAsync(CancellationToken cancellationToken);
}

/// <summary>One stored sampled value.</summary>
public sealed record MeterValueRecord(
    string ChargePointId,
    int ConnectorId,
    int? TransactionId,
    DateTimeOffset Timestamp,
    string Value,
    string? Context,
    string? Format,
    string? Measurand,
    string? Phase,
    string? Location,
    string? Unit,
    string Source,
    SignedMeterValue? Signed = null);

/// <summary>Durable store of sampled values, written in batches.</summary>
public interface IMeterValueStore
{
    /// <summary>
    /// Stores sampled values; completes once they are committed. Values already stored (same charge point,
    /// connector, transaction, timestamp, measurand, phase, location and context) are skipped, so replays
    /// are not stored twice. Returns how many were new.
    /// </summary>
    Task<int> AppendAsync(IReadOnlyList<MeterValueRecord> values, CancellationToken cancellationToken);

    /// <summary>Returns a transaction's sampled values, oldest first.</summary>
    Task<IReadOnlyList<MeterValueRecord>> ListByTransactionAsync(int transactionId, CancellationToken cancellationToken);

    /// <summary>Returns how many sampled values are stored for a transaction.</summary>
    Task<int> CountByTransactionAsync(int transactionId, CancellationToken cancellationToken);

    /// <summary>
    /// Returns a charge point's latest readings (of one connector or EVSE when given; 0 is the whole station), within
    /// transactions or not: the sampled values of the <paramref name="readings"/> most recent readings, newest first.
    /// </summary>
    Task<IReadOnlyList<MeterValueRecord>> ListByChargePointAsync(string chargePointId, int? connectorId, int readings, CancellationToken cancellationToken);
}

/// <summary>
/// One OCPP frame as sent or received. <see cref="Frame"/> holds the frame's UTF-8 bytes exactly as they went over
/// the socket: logging copies bytes rather than decoding text, and whoever shows the frame decodes it.
/// </summary>
public sealed record OcppMessageLogEntry(
    DateTimeOffset Timestamp,
    string ChargePointId,
    string Direction,
    int MessageType,
    string MessageId,
    string? Action,
    byte[] Frame)
{
    // An array compares by reference; two entries are the same when their frames hold the same bytes.
    public bool Equals(OcppMessageLogEntry? other) =>
        other is not null
        && Timestamp == other.Timestamp
        && ChargePointId == other.ChargePointId
        && Direction == other.Direction
        && MessageType == other.MessageType
        && MessageId == other.MessageId
        && Action == other.Action
        && Frame.AsSpan().SequenceEqual(other.Frame);

    public override int GetHashCode() => HashCode.Combine(Timestamp, ChargePointId, Direction, MessageType, MessageId, Action, Frame.Length);
}

/// <summary>The OCPP message log: appended without waiting, written in batches in the background.</summary>
public interface IOcppMessageLog
{
    /// <summary>
    /// Whether frames of <paramref name="action"/> are logged: false when the log is switched off or the action is
    /// left out. A frame without a known action (a malformed one, or an answer to no outstanding call) is logged
    /// whenever the log is on. Callers ask before building an entry, so a frame left out costs nothing.
    /// </summary>
    bool IsLogged(string? action);

    /// <summary>Queues an entry for writing; an entry whose action is not logged is ignored.</summary>
    void Append(OcppMessageLogEntry entry);

    /// <summary>Waits until every entry queued so far is written.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>Returns a charge point's messages, newest first.</summary>
    Task<Page<OcppMessageLogEntry>> ListAsync(string chargePointId, int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>Filter for listing charge points.</summary>
public sealed record ChargePointQuery(string? Status = null, bool? Connected = null, int Page = 1, int PageSize = 50)
{
    /// <summary>Text the id or the description contains, whatever its case; null for any.</summary>
    public string? Search { get; init; }

    /// <summary>The search as a LIKE pattern matching it anywhere, with LIKE's own characters escaped by a backslash.</summary>
    public string? SearchPattern => string.IsNullOrWhiteSpace(Search)
        ? null
        : "%" + Search.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
}

/// <summary>
/// Filter for listing transactions; From/To bound the start time. BeforeTransactionId reads on from the last id of a
/// previous page (keyset paging), which neither repeats nor skips a transaction while others are added. Without
/// CountTotal the matches are not counted, and a page's total is its own count.
/// </summary>
public sealed record TransactionQuery(
    string? ChargePointId = null,
    string? IdTag = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    bool? Active = null,
    int Page = 1,
    int PageSize = 50,
    int? BeforeTransactionId = null,
    bool CountTotal = true);

/// <summary>All transactions together: how many, how many in progress, and their energy in Wh.</summary>
public sealed record TransactionTotals(long Transactions, long Active, long EnergyWh);

/// <summary>Registered charge points counted by connection and by the last reported status of their connectors (connector 0 included).</summary>
public sealed record ChargePointCounts(long Known, long Connected, long Charging, long Faulted, long Unavailable);

/// <summary>Read-side queries across grains, answered from stored grain state.</summary>
public interface ICsmsQueries
{
    /// <summary>Registered charge points, ordered by id.</summary>
    Task<Page<ChargePointState>> ListChargePointsAsync(ChargePointQuery query, CancellationToken cancellationToken);

    /// <summary>Transactions, newest first.</summary>
    Task<Page<TransactionState>> ListTransactionsAsync(TransactionQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The transactions an id tag is in: in progress and started Accepted (a start answered otherwise never counts),
    /// oldest first.
    /// </summary>
    Task<IReadOnlyList<TransactionState>> ListActiveTransactionsAsync(string idTag, CancellationToken cancellationToken);

    /// <summary>A charge point's reservations as stored (expiry not applied), newest first.</summary>
    Task<Page<ReservationState>> ListReservationsAsync(string chargePointId, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>A charge point's maintenance jobs, newest first.</summary>
    Task<Page<MaintenanceJobState>> ListMaintenanceJobsAsync(string chargePointId, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>Id tags, ordered by tag.</summary>
    Task<Page<IdTagState>> ListIdTagsAsync(int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>How many transactions there are, how many of them are in progress, and the energy they delivered in all.</summary>
    Task<TransactionTotals> SumTransactionsAsync(CancellationToken cancellationToken);

    /// <summary>Every registered charge point that has a position, ordered by id, with what a map marker shows.</summary>
    Task<IReadOnlyList<LocatedChargePoint>> ListLocatedChargePointsAsync(CancellationToken cancellationToken);

    /// <summary>How many registered charge points there are, connected, and with a connector charging, faulted or unavailable, by their last reported status.</summary>
    Task<ChargePointCounts> CountChargePointsAsync(CancellationToken cancellationToken);

    /// <summary>The transactions started at or after <paramref name="from"/>: how many, how many are in progress, and their energy in Wh.</summary>
    Task<TransactionTotals> SumTransactionsStartedSinceAsync(DateTimeOffset from, CancellationToken cancellationToken);

    /// <summary>Marks every charge point connected through <paramref name="frontEndId"/> (all when null) as disconnected; used when a front-end starts after a crash.</summary>
    Task ResetPresenceAsync(string? frontEndId, CancellationToken cancellationToken);
}
