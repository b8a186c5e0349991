using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Reserve a connector (0: the charge point as a whole, any connector) for an id tag until an expiry; a tag with the
/// same parent as <see cref="ParentIdTag"/> may use it too.
/// </summary>
public sealed record CreateReservationRequest(int? ConnectorId, string? IdTag, string? ParentIdTag, DateTimeOffset? ExpiryDate);

/// <summary>
/// A reservation: Reserved until a transaction uses it (Used, with that transaction's id), an operator cancels it
/// (Cancelled) or its expiry passes (Expired).
/// </summary>
public sealed record ReservationResponse(
    int ReservationId,
    string ChargePointId,
    int ConnectorId,
    string IdTag,
    string? ParentIdTag,
    DateTimeOffset ExpiryDate,
    string Status,
    int? TransactionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// What the charge point answered a ReserveNow (Accepted, Faulted, Occupied, Rejected or Unavailable) or a
/// CancelReservation (Accepted or Rejected), and the reservation as it stands: none when a ReserveNow was not accepted.
/// </summary>
public sealed record ReservationCommandResponse(string Status, ReservationResponse? Reservation);

/// <summary>How reservations are shown.</summary>
public static class ReservationMapping
{
    public static ReservationResponse ToResponse(this ReservationState state, DateTimeOffset now) => new(
        state.ReservationId,
        state.ChargePointId,
        state.ConnectorId,
        state.IdTag,
        state.ParentIdTag,
        state.ExpiryDate,
        state.StatusAt(now),
        state.TransactionId,
        state.CreatedAt,
        state.UpdatedAt);
}
