namespace OrleansCsms.Grains;

/// <summary>Persisted state of a reservation grain.</summary>
[GenerateSerializer]
[Alias("csms.ReservationState")]
public sealed class ReservationState
{
    [Id(0)]
    public int ReservationId { get; set; }

    [Id(1)]
    public string ChargePointId { get; set; } = "";

    /// <summary>The reserved connector; 0 reserves the charge point as a whole (any connector).</summary>
    [Id(2)]
    public int ConnectorId { get; set; }

    [Id(3)]
    public string IdTag { get; set; } = "";

    /// <summary>A tag with this parent may use the reservation too.</summary>
    [Id(4)]
    public string? ParentIdTag { get; set; }

    [Id(5)]
    public DateTimeOffset ExpiryDate { get; set; }

    /// <summary>One of <see cref="ReservationStatuses"/>.</summary>
    [Id(6)]
    public string Status { get; set; } = ReservationStatuses.Reserved;

    [Id(7)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(8)]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The transaction that used the reservation.</summary>
    [Id(9)]
    public int? TransactionId { get; set; }

    /// <summary>The OCPP 2.0.1 connector type reserved (cType2, cCCS2, ...): any connector of that type, on the EVSE when one is named; null for any type.</summary>
    [Id(200)]
    public string? ConnectorType { get; set; }

    /// <summary>The status as of <paramref name="now"/>: a reservation still Reserved past its expiry is Expired.</summary>
    public string StatusAt(DateTimeOffset now) =>
        Status == ReservationStatuses.Reserved && now >= ExpiryDate ? ReservationStatuses.Expired : Status;
}

/// <summary>
/// The life of a reservation: Reserved until it is used by a transaction, cancelled, or expires; an OCPP 2.0.1 station
/// may also remove it itself (its EVSE became Faulted or Unavailable).
/// </summary>
public static class ReservationStatuses
{
    public const string Reserved = "Reserved";
    public const string Used = "Used";
    public const string Cancelled = "Cancelled";
    public const string Expired = "Expired";
    public const string Removed = "Removed";
}

/// <summary>
/// What an operator reserves: a connector (0: any) of a charge point for an id tag (or its parent's group) until an
/// expiry; of an OCPP 2.0.1 station, an EVSE (0: any), optionally only a connector of one type.
/// </summary>
[GenerateSerializer]
[Alias("csms.ReservationRequest")]
[Immutable]
public sealed record ReservationRequest(
    string ChargePointId, int ConnectorId, string IdTag, DateTimeOffset ExpiryDate, string? ParentIdTag = null, string? ConnectorType = null);

/// <summary>
/// How a ReserveNow or CancelReservation ended: the call to the charge point (null when nothing was sent) and the
/// reservation as it stands afterwards (null when none was stored).
/// </summary>
[GenerateSerializer]
[Alias("csms.ReservationOutcome")]
public sealed record ReservationOutcome(ChargePointCallResult? Call, ReservationState? Reservation);

/// <summary>What a charge point keeps of a reservation made on it, to match the StartTransaction that uses it.</summary>
[GenerateSerializer]
[Alias("csms.ReservationHold")]
[Immutable]
public sealed record ReservationHold(int ReservationId, int ConnectorId, string IdTag, string? ParentIdTag, DateTimeOffset ExpiryDate);
