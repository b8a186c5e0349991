using System.Collections.Concurrent;
using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class ReservationGrainTests(GrainSiloFixture fixture)
{
    private readonly List<RecordingSocket> _sockets = [];

    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task Reservation_ids_are_never_issued_twice_even_by_a_second_cluster_over_the_same_database()
    {
        var first = await NextIdAsync(Silo);
        await using var other = await fixture.StartSiloAsync();

        // The second cluster reads the counter as stored; the first one's activation is stale after that and must not reissue.
        var second = await NextIdAsync(other);
        // The stale activation's write is refused and it deactivates; a call after that reads the counter as stored. The
        // deactivation is asynchronous, so a call may still reach the stale activation, and is refused the same way.
        var (third, _) = await Poll.UntilAsync(
            async _ =>
            {
                try
                {
                    return await NextIdAsync(Silo);
                }
                catch (Orleans.Storage.InconsistentStateException)
                {
                    return 0;
                }
            },
            id => id != 0,
            TimeSpan.FromSeconds(15),
            "the first cluster's stale reservation id counter to give way to the stored one",
            id => id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(second > first && third > second,
            $"Expected reservation ids to keep counting up across clusters sharing one database, but got {first}, then {second} from another cluster, then {third}.");
    }

    [Fact]
    public async Task An_accepted_reservation_is_stored_as_Reserved_and_its_id_and_expiry_go_to_the_charge_point()
    {
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        var socket = await ConnectAsync(chargePoint, id);
        var expiry = Silo.Time.GetUtcNow().AddHours(1);

        var (reservationId, outcome) = await ReserveAsync(id, 2, tag, expiry);

        Assert.True(outcome.Reservation is { Status: ReservationStatuses.Reserved, ConnectorId: 2 },
            $"Expected reservation {reservationId} on charge point {id} to be stored as Reserved on connector 2 once accepted, but it is {outcome.Reservation?.Status ?? "not stored"}.");
        var (action, payload) = Assert.Single(socket.Calls);
        Assert.Equal("ReserveNow", action);
        Assert.Equal(reservationId, payload.GetProperty("reservationId").GetInt32());
        Assert.Equal(expiry, payload.GetProperty("expiryDate").GetDateTimeOffset());
        Assert.False(payload.TryGetProperty("parentIdTag", out _), "A ReserveNow without a parent tag must leave parentIdTag out, not send it as null.");
        Assert.Contains(reservationId, (await chargePoint.GetAsync())!.Reservations.Keys);
    }

    [Theory]
    [InlineData("Faulted")]
    [InlineData("Occupied")]
    [InlineData("Rejected")]
    [InlineData("Unavailable")]
    public async Task A_reservation_the_charge_point_does_not_accept_is_not_stored(string answer)
    {
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        await ConnectAsync(chargePoint, id, answer);

        var (reservationId, outcome) = await ReserveAsync(id, 1, tag, Silo.Time.GetUtcNow().AddHours(1));

        Assert.True(outcome.Reservation is null, $"Expected no reservation stored when charge point {id} answers {answer}, but reservation {reservationId} is {outcome.Reservation?.Status}.");
        Assert.Null(await Silo.Grains.GetGrain<IReservationGrain>(reservationId).GetAsync());
        Assert.Empty((await chargePoint.GetAsync())!.Reservations);
    }

    [Fact]
    public async Task A_start_carrying_the_reservation_id_uses_the_reservation_with_its_transaction_id()
    {
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        await ConnectAsync(chargePoint, id);
        var (reservationId, _) = await ReserveAsync(id, 1, tag, Silo.Time.GetUtcNow().AddHours(1));

        var started = await chargePoint.StartTransactionAsync(new StartTransactionRequest(1, tag, Charging.At(0), 100, reservationId));

        var reservation = await Silo.Grains.GetGrain<IReservationGrain>(reservationId).GetAsync();
        Assert.True(reservation is { Status: ReservationStatuses.Used } && reservation.TransactionId == started.TransactionId,
            $"Expected reservation {reservationId} to be Used by transaction {started.TransactionId}, but it is {reservation?.Status} with transaction {reservation?.TransactionId}.");
        Assert.Empty((await chargePoint.GetAsync())!.Reservations);
    }

    [Fact]
    public async Task A_start_on_the_reserved_connector_by_another_tag_of_the_same_parent_uses_the_reservation()
    {
        var (chargePoint, id, _) = await Charging.PrepareAsync(Silo);
        await ConnectAsync(chargePoint, id);
        var parent = Fresh.IdTag();
        var member = Fresh.IdTag();
        await Silo.Grains.GetGrain<IIdTagGrain>(member).PutAsync(new IdTagUpdate("Accepted", ParentIdTag: parent));
        var (reservationId, _) = await ReserveAsync(id, 2, Fresh.IdTag(), Silo.Time.GetUtcNow().AddHours(1), parent);

        var started = await chargePoint.StartTransactionAsync(new StartTransactionRequest(2, member, Charging.At(0), 100));

        var reservation = await Silo.Grains.GetGrain<IReservationGrain>(reservationId).GetAsync();
        Assert.True(reservation is { Status: ReservationStatuses.Used } && reservation.TransactionId == started.TransactionId,
            $"Expected reservation {reservationId} (parent {parent}) to be Used by transaction {started.TransactionId} of group member {member}, but it is {reservation?.Status}.");
    }

    [Fact]
    public async Task A_start_by_an_unrelated_tag_on_another_connector_leaves_the_reservation_Reserved()
    {
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        await ConnectAsync(chargePoint, id);
        var (reservationId, _) = await ReserveAsync(id, 1, Fresh.IdTag(), Silo.Time.GetUtcNow().AddHours(1));

        await chargePoint.StartTransactionAsync(new StartTransactionRequest(2, tag, Charging.At(0), 100));

        var reservation = await Silo.Grains.GetGrain<IReservationGrain>(reservationId).GetAsync();
        Assert.True(reservation is { Status: ReservationStatuses.Reserved, TransactionId: null },
            $"Expected reservation {reservationId} to stay Reserved after a start by an unrelated tag, but it is {reservation?.Status}.");
    }

    [Fact]
    public async Task A_reservation_past_its_expiry_reads_Expired_and_no_start_uses_it()
    {
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        await ConnectAsync(chargePoint, id);
        var (reservationId, _) = await ReserveAsync(id, 1, tag, Silo.Time.GetUtcNow().AddMinutes(10));

        Silo.Time.Advance(TimeSpan.FromMinutes(10));
        var expired = await Silo.Grains.GetGrain<IReservationGrain>(reservationId).GetAsync();
        await chargePoint.StartTransactionAsync(new StartTransactionRequest(1, tag, Charging.At(0), 100, reservationId));

        Assert.True(expired?.Status == ReservationStatuses.Expired, $"Expected reservation {reservationId} to read Expired once its expiry passed, but it read {expired?.Status}.");
        var after = await Silo.Grains.GetGrain<IReservationGrain>(reservationId).GetAsync();
        Assert.True(after is { Status: ReservationStatuses.Expired, TransactionId: null }, $"Expected expired reservation {reservationId} never to be used, but it is {after?.Status} by transaction {after?.TransactionId}.");
    }

    [Fact]
    public async Task A_cancelled_reservation_is_not_used_by_a_later_start_with_its_id()
    {
        var (chargePoint, id, tag) = await Charging.PrepareAsync(Silo);
        var socket = await ConnectAsync(chargePoint, id);
        var (reservationId, _) = await ReserveAsync(id, 1, tag, Silo.Time.GetUtcNow().AddHours(1));

        var cancelled = await Silo.Grains.GetGrain<IReservationGrain>(reservationId).CancelAsync();
        await chargePoint.StartTransactionAsync(new StartTransactionRequest(1, tag, Charging.At(0), 100, reservationId));

        Assert.Equal(["ReserveNow", "CancelReservation"], socket.Calls.Select(c => c.Action));
        Assert.True(cancelled.Reservation?.Status == ReservationStatuses.Cancelled, $"Expected reservation {reservationId} to be Cancelled once the charge point accepted, but it is {cancelled.Reservation?.Status}.");
        var after = await Silo.Grains.GetGrain<IReservationGrain>(reservationId).GetAsync();
        Assert.True(after is { Status: ReservationStatuses.Cancelled, TransactionId: null }, $"Expected cancelled reservation {reservationId} not to be used, but it is {after?.Status}.");
    }

    private static Task<int> NextIdAsync(GrainSilo silo) =>
        silo.Grains.GetGrain<IReservationIdsGrain>(IReservationIdsGrain.Key).NextAsync();

    private async Task<(int Id, ReservationOutcome Outcome)> ReserveAsync(string chargePointId, int connectorId, string idTag, DateTimeOffset expiry, string? parentIdTag = null)
    {
        var reservationId = await NextIdAsync(Silo);
        var outcome = await Silo.Grains.GetGrain<IReservationGrain>(reservationId)
            .ReserveAsync(new ReservationRequest(chargePointId, connectorId, idTag, expiry, parentIdTag));
        Assert.True(outcome.Call?.Outcome == CallOutcome.Completed, $"Expected ReserveNow {reservationId} to reach charge point {chargePointId}, but the call ended {outcome.Call?.Outcome}.");
        return (reservationId, outcome);
    }

    /// <summary>Hands the charge point a socket that answers ReserveNow with <paramref name="reserveAnswer"/> and everything else Accepted.</summary>
    private async Task<RecordingSocket> ConnectAsync(IChargePointGrain chargePoint, string chargePointId, string reserveAnswer = "Accepted")
    {
        var socket = new RecordingSocket(reserveAnswer);

        // Orleans holds an observer weakly: the test keeps it alive, or a collection under load takes it mid-test.
        _sockets.Add(socket);
        var reference = Silo.Grains.CreateObjectReference<IChargePointSocket>(socket);
        await chargePoint.ConnectedAsync(new ChargePointSession($"conn-{chargePointId}", "ocpp1.6", "test", null, Silo.Time.GetUtcNow()), reference);
        return socket;
    }

    private sealed class RecordingSocket(string reserveAnswer) : IChargePointSocket
    {
        public ConcurrentQueue<(string Action, JsonElement Payload)> Calls { get; } = new();

        public Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Calls.Enqueue((action, payload.Clone()));
            var status = action == "ReserveNow" ? reserveAnswer : "Accepted";
            return Task.FromResult(new ChargePointCallResult(CallOutcome.Completed, JsonSerializer.SerializeToElement(new { status })));
        }

        public Task CloseAsync(string reason) => Task.CompletedTask;
    }
}
