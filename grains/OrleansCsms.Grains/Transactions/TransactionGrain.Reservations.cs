namespace OrleansCsms.Grains;

/// <summary>The reservation an OCPP 2.0.1 transaction uses: named by the station in one of its events, consumed once.</summary>
public sealed partial class TransactionGrain
{
    /// <summary>
    /// Consumes the reservation the station says this transaction uses and keeps its id. Written before the event
    /// that names it, so a resend of that event finds the reservation used by this transaction already; one used by
    /// another, cancelled, expired or unknown stays as it is, and the id is kept as the station gave it.
    /// </summary>
    private async Task ConsumeReservationAsync(int reservationId)
    {
        State.ReservationId = reservationId;
        await GrainFactory.GetGrain<IReservationGrain>(reservationId).UseAsync(State.ChargePointId, TransactionId);
    }
}
