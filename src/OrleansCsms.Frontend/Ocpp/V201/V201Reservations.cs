using System.Text.Json;
using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>OCPP 2.0.1 reservation messages a station sends: the end of a reservation it held.</summary>
internal static class V201Reservations
{
    /// <summary>
    /// ReservationStatusUpdate (H01): the station ended a reservation, Expired or Removed; the reservation ends here too.
    /// Always acknowledged: a reservation this CSMS does not know of (made before it, or already used) has nothing left to end.
    /// </summary>
    public static async Task<JsonElement> StatusUpdateAsync(ChargePointLink link, IGrainFactory grains, ReservationStatusUpdateRequest request)
    {
        // Its own grain: ending a reservation never waits behind the station's transaction messages.
        await grains.GetGrain<Domain.IReservationGrain>(request.ReservationId)
            .EndedByChargePointAsync(link.Id, OcppWireNames.Of(request.ReservationUpdateStatus));
        return V201Json.ToPayload(new ReservationStatusUpdateConfirmation());
    }
}
