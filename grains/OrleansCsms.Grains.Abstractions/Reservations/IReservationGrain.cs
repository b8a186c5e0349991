namespace OrleansCsms.Grains;

/// <summary>One reservation of a connector (or of a whole charge point, connector 0) for an id tag (key: the reservation id).</summary>
[Alias("csms.IReservationGrain")]
public interface IReservationGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Sends ReserveNow with this reservation's id and stores the reservation when the charge point answers Accepted;
    /// returns the charge point's answer and, when stored, the reservation.
    /// </summary>
    /// <remarks>Waits as long as the charge point may take, like <see cref="IChargePointGrain.CommandAsync"/>.</remarks>
    [ResponseTimeout("00:11:00")]
    Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns the reservation, expired when its expiry has passed unused; null when there is none.</summary>
    Task<ReservationState?> GetAsync();

    /// <summary>
    /// Sends CancelReservation and marks the reservation Cancelled when the charge point answers Accepted. Returns no call
    /// when the reservation is unknown or no longer Reserved: then nothing is sent.
    /// </summary>
    [ResponseTimeout("00:11:00")]
    Task<ReservationOutcome> CancelAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Consumes the reservation for a transaction started on <paramref name="chargePointId"/>; false when it is not
    /// Reserved there any more (used by another transaction, cancelled or expired). Repeating it for the same transaction is true.
    /// </summary>
    Task<bool> UseAsync(string chargePointId, int transactionId);

    /// <summary>
    /// Ends the reservation as an OCPP 2.0.1 station reported it (ReservationStatusUpdate): Expired or Removed. False
    /// when it is not one of <paramref name="chargePointId"/>'s, or ended otherwise before (used or cancelled).
    /// </summary>
    Task<bool> EndedByChargePointAsync(string chargePointId, string status);
}
