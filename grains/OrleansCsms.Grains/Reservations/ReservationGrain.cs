using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>
/// One reservation: made through its charge point's ReserveNow, stored once accepted, consumed by the
/// StartTransaction that uses it, cancelled through CancelReservation, expired once its expiry passes unused.
/// </summary>
/// <remarks>
/// Expiry is evaluated whenever the reservation is read or asked to be used, so it is right whenever read without a
/// timer or reminder per reservation; the charge point ends the reservation on its side at the same time.
/// </remarks>
[GrainType(GrainTypes.Reservation)]
public sealed partial class ReservationGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<ReservationState> state,
    TimeProvider time,
    ILogger<ReservationGrain> logger) : Grain, IReservationGrain, IDurableStateGrain
{
    private ReservationState State => state.State;

    private int Id => checked((int)this.GetPrimaryKeyLong());

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<ReservationOutcome> ReserveAsync(ReservationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (state.RecordExists)
        {
            // Ids are issued once each; a second ReserveNow under one would tell the charge point to replace a reservation.
            throw new InvalidOperationException($"Reservation {Id} already exists; reservations take a fresh id.");
        }

        var chargePoint = GrainFactory.GetGrain<IChargePointGrain>(request.ChargePointId);

        // An OCPP 2.0.1 station matches the token it is shown against the reserved one by value and type.
        var tokenType = (await GrainFactory.GetGrain<IIdTagGrain>(request.IdTag).GetAsync())?.IdTokenType;
        var call = await chargePoint.CommandAsync(
            new ReserveNowCommand(Id, request.ConnectorId, request.IdTag, request.ExpiryDate, request.ParentIdTag, request.ConnectorType, tokenType),
            cancellationToken: cancellationToken);
        if (call.AnsweredStatus() != "Accepted")
        {
            return new ReservationOutcome(call, null);
        }

        var now = Now;
        state.State = new ReservationState
        {
            ReservationId = Id,
            ChargePointId = request.ChargePointId,
            ConnectorId = request.ConnectorId,
            IdTag = request.IdTag,
            ParentIdTag = request.ParentIdTag,
            ExpiryDate = request.ExpiryDate,
            ConnectorType = request.ConnectorType,
            Status = ReservationStatuses.Reserved,
            CreatedAt = now,
            UpdatedAt = now,
        };

        // The charge point holds the reservation now: it is recorded even if the operator stopped waiting.
        await state.WriteStateAsync(CancellationToken.None);
        await chargePoint.HoldReservationAsync(new ReservationHold(Id, request.ConnectorId, request.IdTag, request.ParentIdTag, request.ExpiryDate));
        LogReserved(logger, Id, request.ChargePointId, request.ConnectorId);
        return new ReservationOutcome(call, State);
    }

    public async Task<ReservationState?> GetAsync()
    {
        if (!state.RecordExists)
        {
            return null;
        }

        await ExpireWhenDueAsync();
        return State;
    }

    public async Task<ReservationOutcome> CancelAsync(CancellationToken cancellationToken = default)
    {
        if (!state.RecordExists)
        {
            return new ReservationOutcome(null, null);
        }

        await ExpireWhenDueAsync();
        if (State.Status != ReservationStatuses.Reserved)
        {
            return new ReservationOutcome(null, State);
        }

        var call = await GrainFactory.GetGrain<IChargePointGrain>(State.ChargePointId)
            .CommandAsync(new CancelReservationCommand(Id), cancellationToken: cancellationToken);

        // A charge point that rejects the cancellation knows no such reservation (it may have ended it itself); what it
        // answered goes back to the operator and the reservation is left as it is, to expire or be used.
        if (call.AnsweredStatus() == "Accepted" && State.Status == ReservationStatuses.Reserved)
        {
            State.Status = ReservationStatuses.Cancelled;
            State.UpdatedAt = Now;
            await state.WriteStateAsync(CancellationToken.None);
        }

        return new ReservationOutcome(call, State);
    }

    public async Task<bool> UseAsync(string chargePointId, int transactionId)
    {
        if (!state.RecordExists || State.ChargePointId != chargePointId)
        {
            return false;
        }

        if (State.Status == ReservationStatuses.Used)
        {
            return State.TransactionId == transactionId;
        }

        await ExpireWhenDueAsync();
        if (State.Status != ReservationStatuses.Reserved)
        {
            return false;
        }

        State.Status = ReservationStatuses.Used;
        State.TransactionId = transactionId;
        State.UpdatedAt = Now;
        await state.WriteStateAsync();
        return true;
    }

    public async Task<bool> EndedByChargePointAsync(string chargePointId, string status)
    {
        if (!state.RecordExists || State.ChargePointId != chargePointId)
        {
            return false;
        }

        await ExpireWhenDueAsync();
        var ended = status == ReservationStatuses.Expired ? ReservationStatuses.Expired : ReservationStatuses.Removed;
        if (State.Status != ReservationStatuses.Reserved)
        {
            // A resent update, or an expiry the CSMS already saw by the clock, is told again alike.
            return State.Status == ended;
        }

        State.Status = ended;
        State.UpdatedAt = Now;
        await state.WriteStateAsync();
        LogEndedByChargePoint(logger, Id, chargePointId, ended);
        return true;
    }

    /// <summary>Records the expiry of a reservation still Reserved past its expiry date.</summary>
    private async Task ExpireWhenDueAsync()
    {
        if (State.StatusAt(Now) == ReservationStatuses.Expired && State.Status == ReservationStatuses.Reserved)
        {
            State.Status = ReservationStatuses.Expired;
            State.UpdatedAt = State.ExpiryDate;
            await state.WriteStateAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation {ReservationId}: charge point {ChargePointId} reports it {Status}")]
    private static partial void LogEndedByChargePoint(ILogger logger, int reservationId, string chargePointId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation {ReservationId}: charge point {ChargePointId} reserved connector {ConnectorId}")]
    private static partial void LogReserved(ILogger logger, int reservationId, string chargePointId, int connectorId);
}
