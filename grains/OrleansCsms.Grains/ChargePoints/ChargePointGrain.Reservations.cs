namespace OrleansCsms.Grains;

/// <summary>The reservations made on a charge point, and the StartTransaction that uses one.</summary>
public sealed partial class ChargePointGrain
{
    public async Task HoldReservationAsync(ReservationHold hold)
    {
        ArgumentNullException.ThrowIfNull(hold);
        if (!State.Registered)
        {
            return;
        }

        DropExpiredReservations();
        State.Reservations[hold.ReservationId] = hold;
        await WriteAsync();
    }

    /// <summary>
    /// Consumes the reservation a StartTransaction uses: the one whose id it carries, or else one on its connector (or
    /// on connector 0) for its id tag or for a tag of the same parent. Changes the state in memory only; the start writes it.
    /// </summary>
    private async Task<int?> UseReservationAsync(StartTransactionRequest request, IdTagInfo idTagInfo, int transactionId)
    {
        if (State.Reservations.Count == 0)
        {
            return null;
        }

        DropExpiredReservations();
        var candidates = State.Reservations.Values
            .Where(h => Uses(h, request, idTagInfo))
            .OrderBy(h => h.ReservationId == request.ReservationId ? 0 : 1)
            .ThenBy(h => h.ConnectorId == request.ConnectorId ? 0 : 1)
            .ToList();
        foreach (var hold in candidates)
        {
            // Whatever the answer, the hold is done with: used now, or cancelled or used already.
            State.Reservations.Remove(hold.ReservationId);
            if (await GrainFactory.GetGrain<IReservationGrain>(hold.ReservationId).UseAsync(Key, transactionId))
            {
                return hold.ReservationId;
            }
        }

        return null;
    }

    private static bool Uses(ReservationHold hold, StartTransactionRequest request, IdTagInfo idTagInfo) =>
        hold.ReservationId == request.ReservationId
        || ((hold.ConnectorId == 0 || hold.ConnectorId == request.ConnectorId)
            && (SameTag(hold.IdTag, request.IdTag) || (hold.ParentIdTag is { } parent && SameTag(parent, idTagInfo.ParentIdTag))));

    // OCPP 1.6 id tags are CiString20: compared without regard to case.
    private static bool SameTag(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private void DropExpiredReservations()
    {
        foreach (var expired in State.Reservations.Values.Where(h => h.ExpiryDate <= Now).Select(h => h.ReservationId).ToList())
        {
            State.Reservations.Remove(expired);
        }
    }
}
