using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Reserve a connector (0: the charge point as a whole, any connector) for an id tag until an expiry; a tag with the
/// same parent as <see cref="ParentIdTag"/> may use it too.
/// </summary>
/// <remarks>
/// Of an OCPP 2.0.1 station, <see cref="ConnectorId"/> names an EVSE (0: any), and <see cref="ConnectorType"/>
/// (cType2, cCCS2, ...) reserves a connector of that type; a 1.6 charge point is refused a connector type.
/// </remarks>
public sealed record CreateReservationRequest(int? ConnectorId, string? IdTag, string? ParentIdTag, DateTimeOffset? ExpiryDate, string? ConnectorType = null);

/// <summary>
/// A reservation: Reserved until a transaction uses it (Used, with that transaction's id), an operator cancels it
/// (Cancelled), its expiry passes (Expired) or an OCPP 2.0.1 station removes it (Removed).
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
    DateTimeOffset UpdatedAt,
    string? ConnectorType = null);

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
        state.UpdatedAt,
        state.ConnectorType);
}
