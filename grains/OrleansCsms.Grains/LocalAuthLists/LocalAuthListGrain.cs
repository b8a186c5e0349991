using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// The local authorization list of one charge point: the entries, a version per change, and the version the charge
/// point holds. It is sent whole (Full) when the charge point's version is unknown or more than one change behind,
/// and as the one change (Differential) otherwise; a VersionMismatch is answered with a Full update.
/// </summary>
/// <remarks>
/// A change and its send are one turn, so versions reach the charge point in order; reading the list interleaves
/// and gets a snapshot.
/// </remarks>
[GrainType(GrainTypes.LocalAuthList)]
public sealed partial class LocalAuthListGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<LocalAuthListState> state,
    IOptions<ChargePointOptions> options,
    TimeProvider time,
    ILogger<LocalAuthListGrain> logger) : Grain, ILocalAuthListGrain, IDurableStateGrain
{
    private LocalAuthListState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    private IChargePointGrain ChargePoint => GrainFactory.GetGrain<IChargePointGrain>(Key);

    public async Task<LocalAuthListView?> GetAsync() =>
        await ChargePoint.GetAsync() is null ? null : View();

    public async Task<LocalAuthListChange> ReplaceAsync(IReadOnlyList<string> idTags)
    {
        ArgumentNullException.ThrowIfNull(idTags);
        return await ChangeAsync([.. idTags.Distinct(StringComparer.Ordinal)]);
    }

    public async Task<LocalAuthListChange> UpdateAsync(IReadOnlyList<string> add, IReadOnlyList<string> remove)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(remove);
        var removed = remove.ToHashSet(StringComparer.Ordinal);
        var kept = State.Entries.Select(e => e.IdTag).Where(t => !removed.Contains(t));
        return await ChangeAsync([.. kept.Concat(add).Distinct(StringComparer.Ordinal)], refresh: add);
    }

    public async Task<LocalAuthListChange> SyncAsync(bool full = false)
    {
        if (await ChargePoint.GetAsync() is null)
        {
            return new LocalAuthListChange(LocalAuthListOutcome.UnknownChargePoint);
        }

        await SendAsync(full);
        return new LocalAuthListChange(LocalAuthListOutcome.Done, View());
    }

    public async Task<ChargePointCallResult> GetChargePointVersionAsync()
    {
        var result = await ChargePoint.CallAsync(LocalAuthListMessages.GetLocalListVersion, LocalAuthListMessages.GetLocalListVersionRequest());
        if (result.Outcome == CallOutcome.Completed && LocalAuthListMessages.ListVersion(result.Payload) is { } reported)
        {
            State.ReportedVersion = reported;
            State.ReportedAt = time.GetUtcNow();

            // The charge point's own word beats the CSMS's record: 0 is an empty list, -1 (or less) no list at all.
            State.ChargePointVersion = reported >= 0 ? reported : null;
            State.ChargePointId = Key;
            await WriteAsync();
        }

        return result;
    }

    public async Task ChargePointBootedAsync()
    {
        if (State.Version == 0 && State.ChargePointVersion is null)
        {
            return;
        }

        // New firmware may bring other limits, and a charge point that was reset may have lost its list: both are
        // asked again rather than trusted from before the boot.
        if (State.LimitsReadAt is not null)
        {
            State.LimitsReadAt = null;
            await WriteAsync();
        }

        await GetChargePointVersionAsync();
        await SendAsync(full: false);
    }

    public async Task ForgetAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new LocalAuthListState();
    }

    /// <summary>
    /// Makes <paramref name="idTags"/> the list, each with its id tag's idTagInfo as it is now, then sends it.
    /// Entries kept keep the idTagInfo they were listed with, except those in <paramref name="refresh"/> (null: all).
    /// </summary>
    private async Task<LocalAuthListChange> ChangeAsync(IReadOnlyList<string> idTags, IReadOnlyList<string>? refresh = null)
    {
        if (!await ChargePoint.ManageLocalListAsync())
        {
            return new LocalAuthListChange(LocalAuthListOutcome.UnknownChargePoint);
        }

        var maxEntries = Math.Min(options.Value.LocalAuthListMaxEntries, State.ChargePointMaxEntries ?? int.MaxValue);
        if (idTags.Count > maxEntries)
        {
            return new LocalAuthListChange(LocalAuthListOutcome.TooManyEntries, MaxEntries: maxEntries);
        }

        var current = State.Entries.ToDictionary(e => e.IdTag, StringComparer.Ordinal);
        var toRead = refresh is null ? idTags : [.. idTags.Where(t => !current.ContainsKey(t) || refresh.Contains(t, StringComparer.Ordinal))];
        var read = await Task.WhenAll(toRead.Select(ReadEntryAsync));
        var unknown = toRead.Where((_, i) => read[i] is null).ToList();
        if (unknown.Count > 0)
        {
            return new LocalAuthListChange(LocalAuthListOutcome.UnknownIdTags, UnknownIdTags: unknown);
        }

        var fresh = read.ToDictionary(e => e!.IdTag, e => e!, StringComparer.Ordinal);
        var entries = idTags.Select(t => fresh.TryGetValue(t, out var entry) ? entry : current[t]).OrderBy(e => e.IdTag, StringComparer.Ordinal).ToList();
        if (!entries.SequenceEqual(State.Entries) || State.Version == 0)
        {
            State.ChargePointId = Key;
            State.PreviousEntries = State.Entries;
            State.Entries = entries;
            State.Version++;
            State.UpdatedAt = time.GetUtcNow();
            await WriteAsync();
        }

        await SendAsync(full: false);
        return new LocalAuthListChange(LocalAuthListOutcome.Done, View());
    }

    private async Task<LocalAuthListEntry?> ReadEntryAsync(string idTag)
    {
        var tag = GrainFactory.GetGrain<IIdTagGrain>(idTag);
        return await tag.GetAsync() is { } known ? new LocalAuthListEntry(idTag, await tag.AuthorizeAsync(), known.IdTokenType) : null;
    }

    /// <summary>Brings the charge point to the CSMS's version, when it is not there yet or <paramref name="full"/> asks for it anyway.</summary>
    private async Task SendAsync(bool full)
    {
        if (!full && State.ChargePointVersion == State.Version)
        {
            return;
        }

        // Differential only from the version just before, which the CSMS knows the entries of; an empty list (0) or
        // an unknown version gets the whole list.
        var differential = !full && State.ChargePointVersion is { } held && held >= 1 && held == State.Version - 1;
        await ReadLimitsAsync();
        var status = await SendOnceAsync(full: !differential);
        if (differential && status == "VersionMismatch")
        {
            await SendOnceAsync(full: true);
        }
    }

    private async Task<string> SendOnceAsync(bool full)
    {
        var version = State.Version;
        var updateType = full ? "Full" : "Differential";
        var v201 = await SpeaksV201Async();
        var payload = v201
            ? LocalAuthListV201Messages.SendLocalListRequest(version, full, State.Entries, State.PreviousEntries)
            : LocalAuthListMessages.SendLocalListRequest(version, full, State.Entries, State.PreviousEntries);
        var sent = v201 ? LocalAuthListV201Messages.EntryCount(payload) : payload.GetProperty("localAuthorizationList").GetArrayLength();
        if (TooLarge(sent) is { } tooLarge)
        {
            // Reported rather than split: every part would need a version of its own, and the list's versions are the operator's changes.
            State.LastResult = new LocalAuthListSendResult(version, updateType, "TooLarge", time.GetUtcNow(), tooLarge);
            await WriteAsync();
            LogNotAccepted(logger, Key, updateType, version, "TooLarge");
            return "TooLarge";
        }

        var result = await ChargePoint.CallAsync(LocalAuthListMessages.SendLocalList, payload);
        var (status, detail) = result.Outcome switch
        {
            CallOutcome.Completed => (LocalAuthListMessages.Status(result.Payload) ?? "Invalid", null),
            CallOutcome.Failed => ("CallError", $"{result.ErrorCode}: {result.ErrorDescription}"),
            _ => (result.Outcome.ToString(), (string?)null),
        };

        State.LastResult = new LocalAuthListSendResult(version, updateType, status, time.GetUtcNow(), detail);
        State.ChargePointVersion = status switch
        {
            "Accepted" => version,

            // The charge point may hold anything now, or says its version is not the one the CSMS thought: the next send is Full.
            "Failed" or "VersionMismatch" or "Invalid" => null,
            _ => State.ChargePointVersion,
        };
        State.ChargePointId = Key;
        await WriteAsync();
        if (status != "Accepted")
        {
            LogNotAccepted(logger, Key, updateType, version, status);
        }

        return status;
    }

    private string? TooLarge(int sent) =>
        State.Entries.Count > State.ChargePointMaxEntries
            ? $"The list has {State.Entries.Count} entries; the charge point holds at most {State.ChargePointMaxEntries} (LocalAuthListMaxLength)."
            : sent > State.ChargePointMaxSendEntries
                ? $"The update has {sent} entries; the charge point takes at most {State.ChargePointMaxSendEntries} in one SendLocalList (SendLocalListMaxLength)."
                : null;

    /// <summary>
    /// Reads the charge point's list limits (GetConfiguration) unless they were read since its last boot. They are
    /// written with the send that follows, which always writes its result.
    /// </summary>
    private async Task ReadLimitsAsync()
    {
        if (State.LimitsReadAt is not null)
        {
            return;
        }

        if (await SpeaksV201Async())
        {
            await ReadV201LimitsAsync();
            return;
        }

        var result = await ChargePoint.CommandAsync(new GetConfigurationCommand([LocalAuthListMessages.MaxLengthKey, LocalAuthListMessages.SendMaxLengthKey]));
        if (result.Outcome is CallOutcome.NotConnected or CallOutcome.TimedOut or CallOutcome.UnknownChargePoint)
        {
            return;
        }

        // A charge point that answers with an error, or leaves the keys out, sets no limit.
        State.ChargePointMaxEntries = LocalAuthListMessages.ConfigurationLimit(result.Payload, LocalAuthListMessages.MaxLengthKey);
        State.ChargePointMaxSendEntries = LocalAuthListMessages.ConfigurationLimit(result.Payload, LocalAuthListMessages.SendMaxLengthKey);
        State.LimitsReadAt = time.GetUtcNow();
    }

    /// <summary>
    /// An OCPP 2.0.1 station's one limit a CSMS can read: how many entries a SendLocalList may carry. How many its
    /// list holds is a characteristic (maxLimit) of LocalAuthListCtrlr.Entries, which GetVariables cannot read.
    /// </summary>
    private async Task ReadV201LimitsAsync()
    {
        var result = await ChargePoint.CommandAsync(new GetConfigurationCommand([LocalAuthListV201Messages.ItemsPerMessageKey]));
        if (result.Outcome is CallOutcome.NotConnected or CallOutcome.TimedOut or CallOutcome.UnknownChargePoint)
        {
            return;
        }

        State.ChargePointMaxEntries = null;
        State.ChargePointMaxSendEntries = LocalAuthListV201Messages.VariableLimit(result.Payload, LocalAuthListV201Messages.ItemsPerMessageKey);
        State.LimitsReadAt = time.GetUtcNow();
    }

    /// <summary>Whether the charge point speaks OCPP 2.0.1, on its current connection or else its last one; asked before each call, since it may change at a reconnect.</summary>
    private async Task<bool> SpeaksV201Async() =>
        await ChargePoint.GetAsync() is { } chargePoint && (chargePoint.Session?.Protocol ?? chargePoint.Protocol) == OcppProtocols.V201;

    private LocalAuthListView View() => new(
        Key, State.Version, [.. State.Entries], State.ChargePointVersion, State.ReportedVersion, State.ReportedAt, State.LastResult, State.UpdatedAt,
        State.ChargePointMaxEntries, State.ChargePointMaxSendEntries);

    private Task WriteAsync() => state.WriteStateAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId}: SendLocalList {UpdateType} version {Version} ended {Status}")]
    private static partial void LogNotAccepted(ILogger logger, string chargePointId, string updateType, int version, string status);
}
