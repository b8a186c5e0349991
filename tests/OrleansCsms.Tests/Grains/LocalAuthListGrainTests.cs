using System.Collections.Concurrent;
using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class LocalAuthListGrainTests(GrainSiloFixture fixture)
{
    private readonly List<RecordingSocket> _sockets = [];

    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task The_first_list_is_sent_Full_and_the_next_change_Differential_with_the_next_version()
    {
        var (id, socket) = await ConnectedChargePointAsync();
        var first = await IdTagAsync();
        var second = await IdTagAsync();
        var list = Silo.Grains.GetGrain<ILocalAuthListGrain>(id);

        var full = await list.ReplaceAsync([first]);
        var differential = await list.UpdateAsync([second], [first]);

        Assert.True(socket.Sends is [{ UpdateType: "Full", Version: 1 }, { UpdateType: "Differential", Version: 2 }],
            $"Expected a Full update of version 1, then a Differential one of version 2, but {id} got [{string.Join(", ", socket.Sends)}].");
        var entries = socket.Sends[1].Entries;
        Assert.True(entries is [(var added, "Accepted"), (var removed, null)] && added == second && removed == first,
            $"Expected the Differential update to add {second} with its idTagInfo and delete {first} (no idTagInfo), but it held [{string.Join(", ", entries)}].");
        Assert.True(full.List is { ChargePointVersion: 1 } && differential.List is { Version: 2, ChargePointVersion: 2, UpToDate: true },
            $"Expected the CSMS to record each version the charge point accepted, but got {full.List} and then {differential.List}.");
    }

    [Fact]
    public async Task A_charge_point_more_than_one_change_behind_gets_the_whole_list()
    {
        var (id, socket) = await ConnectedChargePointAsync();
        var list = Silo.Grains.GetGrain<ILocalAuthListGrain>(id);
        var tags = new[] { await IdTagAsync(), await IdTagAsync(), await IdTagAsync() };
        socket.Status = "Failed";
        await list.ReplaceAsync([tags[0]]);
        socket.Status = "Accepted";
        await list.ReplaceAsync([tags[0], tags[1]]);
        await list.UpdateAsync([tags[2]], []);

        var sends = socket.Sends;
        Assert.True(sends is [{ UpdateType: "Full" }, { UpdateType: "Full", Version: 2 }, { UpdateType: "Differential", Version: 3 }],
            $"Expected the send after a failed one to be Full (the charge point's version unknown), and the next Differential, but {id} got [{string.Join(", ", sends)}].");
        Assert.True(sends[1].Entries.Count == 2, $"Expected the Full update to hold both entries, but it held [{string.Join(", ", sends[1].Entries)}].");
    }

    [Fact]
    public async Task A_VersionMismatch_to_a_Differential_update_is_followed_by_a_Full_one()
    {
        var (id, socket) = await ConnectedChargePointAsync();
        var list = Silo.Grains.GetGrain<ILocalAuthListGrain>(id);
        await list.ReplaceAsync([await IdTagAsync()]);
        socket.Answer = send => send.UpdateType == "Differential" ? "VersionMismatch" : "Accepted";

        var change = await list.UpdateAsync([await IdTagAsync()], []);

        Assert.True(socket.Sends is [{ UpdateType: "Full" }, { UpdateType: "Differential", Version: 2 }, { UpdateType: "Full", Version: 2, Entries.Count: 2 }],
            $"Expected VersionMismatch to be answered with the whole list, but {id} got [{string.Join(", ", socket.Sends)}].");
        Assert.True(change.List is { ChargePointVersion: 2, LastResult.Status: "Accepted", LastResult.UpdateType: "Full" },
            $"Expected the Full resend to be recorded as accepted, but the list is {change.List}.");
    }

    [Fact]
    public async Task A_change_made_while_the_charge_point_is_offline_is_sent_when_it_boots()
    {
        var id = Fresh.ChargePointId();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);
        await chargePoint.RegisterAsync(new ChargePointRegistration(null, null, null));
        var list = Silo.Grains.GetGrain<ILocalAuthListGrain>(id);

        var offline = await list.ReplaceAsync([await IdTagAsync()]);
        Assert.True(offline.List is { Version: 1, ChargePointVersion: null, LastResult.Status: "NotConnected" },
            $"Expected the change to be kept and recorded as not sent (NotConnected), but the list of {id} is {offline.List}.");

        var socket = await ConnectAsync(id);
        await chargePoint.BootAsync(new BootInfo("Vendor", "Model"));
        var sent = await socket.FirstSend.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.True(sent is { UpdateType: "Full", Version: 1 }, $"Expected {id}'s boot to bring it the whole list, version 1, but it got {sent}.");
    }

    [Fact]
    public async Task A_list_longer_than_the_charge_point_takes_is_reported_not_sent_and_then_refused()
    {
        var id = Fresh.ChargePointId();
        await Silo.Grains.GetGrain<IChargePointGrain>(id).RegisterAsync(new ChargePointRegistration(null, null, null));
        var socket = new RecordingSocket();
        socket.Configuration["LocalAuthListMaxLength"] = "3";
        socket.Configuration["SendLocalListMaxLength"] = "1";
        await ConnectAsync(id, socket);
        var list = Silo.Grains.GetGrain<ILocalAuthListGrain>(id);
        var tags = new[] { await IdTagAsync(), await IdTagAsync(), await IdTagAsync(), await IdTagAsync() };

        var single = await list.ReplaceAsync([tags[0]]);
        var twoAtOnce = await list.UpdateAsync([tags[1], tags[2]], []);
        var tooMany = await list.ReplaceAsync(tags);

        Assert.True(single.List is { ChargePointVersion: 1, ChargePointMaxEntries: 3, ChargePointMaxSendEntries: 1 },
            $"Expected the one-entry list to be accepted and the charge point's limits (3, 1) to be recorded, but the list is {single.List}.");
        Assert.True(twoAtOnce.List is { Version: 2, ChargePointVersion: 1, LastResult.Status: "TooLarge" } && socket.Sends.Count == 1,
            $"Expected an update of two entries to be reported TooLarge and not sent (SendLocalListMaxLength 1), but the list is {twoAtOnce.List} and {id} got {socket.Sends.Count} sends.");
        Assert.True(tooMany is { Outcome: LocalAuthListOutcome.TooManyEntries, MaxEntries: 3 },
            $"Expected four entries to be refused (LocalAuthListMaxLength 3), but got {tooMany}.");
        Assert.True(socket.ConfigurationReads == 1, $"Expected the limits to be read once, not before every send, but they were read {socket.ConfigurationReads} times.");
    }

    [Fact]
    public async Task A_charge_point_that_lost_its_list_gets_it_whole_at_its_next_boot()
    {
        var (id, socket) = await ConnectedChargePointAsync();
        var list = Silo.Grains.GetGrain<ILocalAuthListGrain>(id);
        await list.ReplaceAsync([await IdTagAsync(), await IdTagAsync()]);
        socket.HeldVersion = 0;

        await Silo.Grains.GetGrain<IChargePointGrain>(id).BootAsync(new BootInfo("Vendor", "Model"));

        var (sends, _) = await Poll.UntilAsync(
            _ => Task.FromResult(socket.Sends),
            s => s.Count == 2,
            TimeSpan.FromSeconds(15),
            $"the boot of {id}, which reports an empty list, to bring it the list again",
            s => $"[{string.Join(", ", s)}]");
        Assert.True(sends[1] is { UpdateType: "Full", Version: 1, Entries.Count: 2 }, $"Expected the whole list, version 1, but {id} got {sends[1]}.");
    }

    [Fact]
    public async Task Unknown_id_tags_change_nothing_and_are_named()
    {
        var (id, socket) = await ConnectedChargePointAsync();
        var list = Silo.Grains.GetGrain<ILocalAuthListGrain>(id);
        var known = await IdTagAsync();
        var unknown = Fresh.IdTag();

        var change = await list.ReplaceAsync([known, unknown]);

        Assert.True(change is { Outcome: LocalAuthListOutcome.UnknownIdTags, UnknownIdTags: [var named] } && named == unknown,
            $"Expected the change to be refused naming {unknown}, but got {change.Outcome} naming [{string.Join(", ", change.UnknownIdTags ?? [])}].");
        Assert.True(socket.Sends.Count == 0 && (await list.GetAsync())?.Version == 0,
            $"Expected nothing to be stored or sent for {id}, but it got [{string.Join(", ", socket.Sends)}].");
    }

    [Fact]
    public async Task A_deleted_charge_points_list_goes_with_it()
    {
        var (id, _) = await ConnectedChargePointAsync();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);
        var list = Silo.Grains.GetGrain<ILocalAuthListGrain>(id);
        await list.ReplaceAsync([await IdTagAsync()]);

        await chargePoint.DeleteAsync();
        await chargePoint.RegisterAsync(new ChargePointRegistration(null, null, null));

        await Poll.UntilAsync(
            async _ => (await list.GetAsync()) is { Version: 0, Entries.Count: 0 },
            TimeSpan.FromSeconds(15),
            $"the local list of the deleted charge point {id} to be gone when it is registered again");
    }

    [Fact]
    public async Task A_list_of_an_unregistered_charge_point_is_refused()
    {
        var change = await Silo.Grains.GetGrain<ILocalAuthListGrain>(Fresh.ChargePointId()).ReplaceAsync([await IdTagAsync()]);

        Assert.True(change.Outcome == LocalAuthListOutcome.UnknownChargePoint, $"Expected UnknownChargePoint, but got {change.Outcome}.");
    }

    private async Task<string> IdTagAsync(string status = "Accepted")
    {
        var idTag = Fresh.IdTag();
        await Silo.Grains.GetGrain<IIdTagGrain>(idTag).PutAsync(new IdTagUpdate(status));
        return idTag;
    }

    private async Task<(string Id, RecordingSocket Socket)> ConnectedChargePointAsync()
    {
        var id = Fresh.ChargePointId();
        await Silo.Grains.GetGrain<IChargePointGrain>(id).RegisterAsync(new ChargePointRegistration(null, null, null));
        return (id, await ConnectAsync(id));
    }

    private async Task<RecordingSocket> ConnectAsync(string id, RecordingSocket? socket = null)
    {
        socket ??= new RecordingSocket();

        // Orleans holds an observer weakly: the test keeps it alive, or a collection under load takes it mid-test.
        _sockets.Add(socket);
        var reference = Silo.Grains.CreateObjectReference<IChargePointSocket>(socket);
        await Silo.Grains.GetGrain<IChargePointGrain>(id).ConnectedAsync(
            new ChargePointSession(Guid.NewGuid().ToString("N"), "ocpp1.6", "test", null, Silo.Time.GetUtcNow()), reference);
        return socket;
    }

    /// <summary>A SendLocalList as the charge point got it: version, update type, and each entry's id tag and idTagInfo status.</summary>
    private sealed record Send(int Version, string UpdateType, IReadOnlyList<(string IdTag, string? Status)> Entries);

    /// <summary>A charge point's socket that records every SendLocalList and answers it with <see cref="Status"/>.</summary>
    private sealed class RecordingSocket : IChargePointSocket
    {
        private readonly ConcurrentQueue<Send> _sends = new();
        private readonly TaskCompletionSource<Send> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Status { get; set; } = "Accepted";

        /// <summary>The configuration keys the charge point reports through GetConfiguration.</summary>
        public Dictionary<string, string> Configuration { get; } = [];

        public int ConfigurationReads { get; private set; }

        /// <summary>The list version the charge point holds, reported through GetLocalListVersion; a reset sets it back to 0.</summary>
        public int HeldVersion { get; set; }

        public Func<Send, string>? Answer { get; set; }

        public IReadOnlyList<Send> Sends => [.. _sends];

        public Task<Send> FirstSend => _first.Task;

        public Task<ChargePointCallResult> CallAsync(string action, JsonElement payload, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (action == "GetConfiguration")
            {
                ConfigurationReads++;
                return Task.FromResult(new ChargePointCallResult(CallOutcome.Completed, JsonSerializer.SerializeToElement(new
                {
                    configurationKey = Configuration.Select(c => new { key = c.Key, @readonly = true, value = c.Value }),
                })));
            }

            if (action == "GetLocalListVersion")
            {
                return Task.FromResult(new ChargePointCallResult(CallOutcome.Completed, JsonSerializer.SerializeToElement(new { listVersion = HeldVersion })));
            }

            Assert.Equal("SendLocalList", action);
            var send = new Send(
                payload.GetProperty("listVersion").GetInt32(),
                payload.GetProperty("updateType").GetString()!,
                [.. payload.GetProperty("localAuthorizationList").EnumerateArray().Select(e => (
                    e.GetProperty("idTag").GetString()!,
                    e.TryGetProperty("idTagInfo", out var info) ? info.GetProperty("status").GetString() : null))]);
            _sends.Enqueue(send);
            _first.TrySetResult(send);
            var status = Answer?.Invoke(send) ?? Status;
            if (status == "Accepted")
            {
                HeldVersion = send.Version;
            }

            return Task.FromResult(new ChargePointCallResult(CallOutcome.Completed, JsonSerializer.SerializeToElement(new { status })));
        }

        public Task CloseAsync(string reason) => Task.CompletedTask;
    }
}
