using System.Collections.Concurrent;
using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class ChargingProfilesGrainTests(GrainSiloFixture fixture)
{
    private readonly List<RecordingSocket> _sockets = [];

    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_profile_replaces_the_one_with_its_id_and_the_one_with_its_stack_level_and_purpose_on_its_connector()
    {
        var (id, _) = await ConnectedChargePointAsync();
        var profiles = Silo.Grains.GetGrain<IChargingProfilesGrain>(id);
        await SetAsync(profiles, 1, Profile(1, "TxDefaultProfile", stackLevel: 0));
        await SetAsync(profiles, 1, Profile(2, "TxDefaultProfile", stackLevel: 1));
        await SetAsync(profiles, 2, Profile(3, "TxDefaultProfile", stackLevel: 1));
        await SetAsync(profiles, 0, Profile(4, "ChargePointMaxProfile", stackLevel: 1));

        await SetAsync(profiles, 1, Profile(5, "TxDefaultProfile", stackLevel: 1));
        var held = await SetAsync(profiles, 2, Profile(1, "TxDefaultProfile", stackLevel: 3));

        Assert.True(Ids(held) == "2:3,0:4,1:5,2:1",
            $"Expected profile 5 to replace 2 (same stack level and purpose on connector 1) and the new profile 1 to replace the old 1 (same id), keeping 3 and 4 on their connectors, but {id} holds {Ids(held)}.");
    }

    [Fact]
    public async Task A_profile_the_charge_point_does_not_accept_is_not_kept()
    {
        var (id, socket) = await ConnectedChargePointAsync();
        var profiles = Silo.Grains.GetGrain<IChargingProfilesGrain>(id);
        socket.Answer = (_, _) => "Rejected";

        var outcome = await profiles.SetAsync(1, Profile(1, "TxDefaultProfile"));

        Assert.True(outcome.Call?.AnsweredStatus() == "Rejected" && outcome.Profiles?.Profiles.Count == 0,
            $"Expected a Rejected profile to be reported and not kept, but got {outcome.Call?.AnsweredStatus()} with [{Ids(outcome.Profiles!)}].");
        Assert.Single(socket.Calls);
    }

    [Fact]
    public async Task A_clear_by_id_clears_that_profile_alone_and_one_by_criteria_those_matching_every_criterion()
    {
        var (id, socket) = await ConnectedChargePointAsync();
        var profiles = Silo.Grains.GetGrain<IChargingProfilesGrain>(id);
        await SetAsync(profiles, 0, Profile(1, "ChargePointMaxProfile", stackLevel: 2));
        await SetAsync(profiles, 1, Profile(2, "TxDefaultProfile", stackLevel: 2));
        await SetAsync(profiles, 2, Profile(3, "TxDefaultProfile", stackLevel: 2));
        await SetAsync(profiles, 1, Profile(4, "TxDefaultProfile", stackLevel: 5));

        var byId = await profiles.ClearAsync(new ChargingProfileCriteria(ChargingProfileId: 3, ConnectorId: 1));
        var byCriteria = await profiles.ClearAsync(new ChargingProfileCriteria(Purpose: "TxDefaultProfile", StackLevel: 2));

        Assert.True(byId.Cleared is [{ Profile.ChargingProfileId: 3 }], $"Expected a clear by id to clear profile 3 whatever connector was also named, but it cleared {Ids(byId.Cleared)}.");
        Assert.True(byCriteria.Cleared is [{ Profile.ChargingProfileId: 2 }], $"Expected the TxDefaultProfiles of stack level 2 to be cleared, but {Ids(byCriteria.Cleared)} were.");
        Assert.Equal("0:1,1:4", Ids(byCriteria.Profiles!));
        Assert.Equal("{\"id\":3,\"connectorId\":1}", socket.Calls.ToArray()[^2].Payload.GetRawText());
    }

    [Fact]
    public async Task A_clear_the_charge_point_answers_Unknown_leaves_the_profiles_as_they_are()
    {
        var (id, socket) = await ConnectedChargePointAsync();
        var profiles = Silo.Grains.GetGrain<IChargingProfilesGrain>(id);
        await SetAsync(profiles, 1, Profile(1, "TxDefaultProfile"));
        socket.Answer = (action, _) => action == "ClearChargingProfile" ? "Unknown" : "Accepted";

        var clear = await profiles.ClearAsync(new ChargingProfileCriteria());

        Assert.True(clear.Call?.AnsweredStatus() == "Unknown" && clear.Cleared is [] && Ids(clear.Profiles!) == "1:1",
            $"Expected Unknown to leave profile 1 stored, but got {clear.Call?.AnsweredStatus()} with [{Ids(clear.Profiles!)}].");
    }

    [Fact]
    public async Task A_TxProfile_needs_a_transaction_on_its_connector_and_is_bound_to_it()
    {
        var charging = await Charging.StartAsync(Silo);
        var socket = await ConnectAsync(charging.ChargePointId);
        var profiles = Silo.Grains.GetGrain<IChargingProfilesGrain>(charging.ChargePointId);

        var idle = await profiles.SetAsync(2, Profile(1, "TxProfile"));
        var other = await profiles.SetAsync(1, Profile(1, "TxProfile") with { TransactionId = charging.TransactionId + 1 });
        var running = await profiles.SetAsync(1, Profile(1, "TxProfile"));

        Assert.True(idle is { Call: null, Errors: [{ Field: "connectorId" }] }, $"Expected a TxProfile on idle connector 2 to be refused naming connectorId, but got [{string.Join(", ", idle.Errors)}].");
        Assert.True(other is { Call: null, Errors: [{ Field: "chargingProfile.transactionId" }] },
            $"Expected a TxProfile naming another transaction to be refused naming chargingProfile.transactionId, but got [{string.Join(", ", other.Errors)}].");
        Assert.True(running.Profiles!.Profiles is [{ Profile.TransactionId: var bound }] && bound == charging.TransactionId,
            $"Expected the TxProfile to be kept against transaction {charging.TransactionId}, but got [{Ids(running.Profiles)}].");
        Assert.Equal(charging.TransactionId, Assert.Single(socket.Calls).Payload.GetProperty("csChargingProfiles").GetProperty("transactionId").GetInt32());
    }

    [Fact]
    public async Task A_remote_starts_profile_is_bound_to_the_transaction_it_starts_and_ends_with_it()
    {
        var (chargePoint, id, idTag) = await Charging.PrepareAsync(Silo);
        var socket = await ConnectAsync(id);
        var profiles = Silo.Grains.GetGrain<IChargingProfilesGrain>(id);
        var remoteStart = await profiles.RemoteStartAsync(new RemoteStartCommand(idTag, 1, Profile(9, "TxProfile", kind: "Relative")));
        Assert.True(remoteStart.Profiles?.Pending is [{ IdTag: var pendingTag }] && pendingTag == idTag,
            $"Expected the remote start's profile to wait for its transaction, but {id} holds {remoteStart.Profiles}.");

        var started = await chargePoint.StartTransactionAsync(new StartTransactionRequest(1, idTag, Charging.At(0), Charging.MeterStart));
        var bound = await Poll.UntilAsync(
            async _ => (await profiles.GetAsync())!,
            view => view.Profiles.Count == 1,
            TimeSpan.FromSeconds(10),
            $"the remote start's TxProfile of {id} to be bound to transaction {started.TransactionId}",
            view => view.ToString());
        await chargePoint.StopTransactionAsync(new StopTransactionRequest(started.TransactionId, Charging.At(60), 2_000, idTag, "Local"));
        var ended = await Poll.UntilAsync(
            async _ => (await profiles.GetAsync())!.Profiles.Single(),
            profile => !profile.InForce,
            TimeSpan.FromSeconds(10),
            $"the TxProfile of transaction {started.TransactionId} to be out of force once it stopped",
            profile => profile.ToString());

        Assert.True(bound.Value is { Pending: [], Profiles: [{ ConnectorId: 1, Profile: { ChargingProfileId: 9, TransactionId: var transactionId } }] } && transactionId == started.TransactionId,
            $"Expected profile 9 on connector 1 for transaction {started.TransactionId}, but {id} held {bound.Value}.");
        Assert.NotNull(ended.Value.TransactionEndedAt);
        Assert.False(Assert.Single(socket.Calls).Payload.GetProperty("chargingProfile").TryGetProperty("transactionId", out _),
            "Expected the remote start's profile to be sent without a transactionId.");
    }

    [Fact]
    public async Task A_remote_start_the_charge_point_rejects_leaves_no_profile_waiting()
    {
        var (_, id, idTag) = await Charging.PrepareAsync(Silo);
        var socket = await ConnectAsync(id);
        socket.Answer = (_, _) => "Rejected";

        var outcome = await Silo.Grains.GetGrain<IChargingProfilesGrain>(id).RemoteStartAsync(new RemoteStartCommand(idTag, 1, Profile(9, "TxProfile", kind: "Relative")));

        Assert.True(outcome is { Call: { } call, Profiles.Pending: [] } && call.AnsweredStatus() == "Rejected",
            $"Expected a rejected remote start to leave nothing waiting, but got {outcome.Profiles}.");
    }

    [Fact]
    public async Task A_deleted_charge_points_profiles_go_with_it()
    {
        var (id, _) = await ConnectedChargePointAsync();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);
        var profiles = Silo.Grains.GetGrain<IChargingProfilesGrain>(id);
        await SetAsync(profiles, 1, Profile(1, "TxDefaultProfile"));

        await chargePoint.DeleteAsync();
        await chargePoint.RegisterAsync(new ChargePointRegistration(null, null, null));

        await Poll.UntilAsync(
            async _ => (await profiles.GetAsync()) is { Profiles.Count: 0 },
            TimeSpan.FromSeconds(15),
            $"the charging profiles of the deleted charge point {id} to be gone when it is registered again");
    }

    private static ChargingProfileDefinition Profile(int id, string purpose, int stackLevel = 0, string kind = "Absolute") => new(
        id,
        stackLevel,
        purpose,
        kind,
        new ChargingScheduleDefinition("A", [new ChargingSchedulePeriodDefinition(0, 16.0m)], StartSchedule: kind == "Relative" ? null : DateTimeOffset.UtcNow));

    private static async Task<ChargingProfilesView> SetAsync(IChargingProfilesGrain profiles, int connectorId, ChargingProfileDefinition profile)
    {
        var outcome = await profiles.SetAsync(connectorId, profile);
        Assert.True(outcome.Call?.AnsweredStatus() == "Accepted", $"Expected profile {profile.ChargingProfileId} to be sent and accepted, but got [{string.Join(", ", outcome.Errors)}] {outcome.Call}.");
        return outcome.Profiles!;
    }

    private static string Ids(ChargingProfilesView view) => Ids(view.Profiles);

    private static string Ids(IEnumerable<InstalledChargingProfile>? profiles) =>
        string.Join(",", (profiles ?? []).Select(p => $"{p.ConnectorId}:{p.Profile.ChargingProfileId}"));

    private async Task<(string Id, RecordingSocket Socket)> ConnectedChargePointAsync()
    {
        var id = Fresh.ChargePointId();
        await Silo.Grains.GetGrain<IChargePointGrain>(id).RegisterAsync(new ChargePointRegistration(null, null, null));
        return (id, await ConnectAsync(id));
    }

    private async Task<RecordingSocket> ConnectAsync(string id)
    {
        var socket = new RecordingSocket();

        // Orleans holds an observer weakly: the test keeps it alive, or a collection under load takes it mid-test.
        _sockets.Add(socket);
        var reference = Silo.Grains.CreateObjectReference<IChargePointSocket>(socket);
        await Silo.Grains.GetGrain<IChargePointGrain>(id).ConnectedAsync(
            new ChargePointSession(Guid.NewGuid().ToString("N"), "ocpp1.6", "test", null, Silo.Time.GetUtcNow()), reference);
        return socket;
    }

    /// <summary>A charge point's socket that records every call and answers it with the status <see cref="Answer"/> gives (Accepted by default).</summary>
    private sealed class RecordingSocket : IChargePointSocket
    {
        public ConcurrentQueue<(string Action, JsonElement Payload)> Calls { get; } = new();

        public Func<string, JsonElement, string> Answer { get; set; } = (_, _) => "Accepted";

        public Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken)
        {
            Calls.Enqueue((action, payload.Clone()));
            var status = Answer(action, payload);
            return Task.FromResult(new ChargePointCallResult(CallOutcome.Completed, JsonSerializer.SerializeToElement(new { status })));
        }

        public Task CloseAsync(string reason) => Task.CompletedTask;
    }
}
