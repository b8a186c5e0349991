using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// The charging profiles of one charge point. A profile is kept once the charge point accepts it, replacing one with
/// the same id or the same stack level and purpose on the same connector, as OCPP 1.6 has the charge point do; a
/// TxProfile stays in force until its transaction ends. TxProfiles sent with a remote start wait for their transaction.
/// </summary>
/// <remarks>
/// Each call to the charge point and the change it brings are one turn, so the record follows the order of the
/// charge point's answers; reading the profiles interleaves and gets a snapshot.
/// </remarks>
[GrainType(GrainTypes.ChargingProfiles)]
public sealed partial class ChargingProfilesGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<ChargingProfilesState> state,
    TimeProvider time,
    IOptions<SmartChargingOptions> smartCharging,
    ILogger<ChargingProfilesGrain> logger) : Grain, IChargingProfilesGrain, IDurableStateGrain
{
    // Enough to show what the last transactions ran under, without growing with every transaction.
    private const int EndedTxProfilesKept = 20;

    // A remote start whose transaction has not started by then never will: charge points give up after their
    // ConnectionTimeOut, a minute or two.
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(15);

    private ChargingProfilesState State => state.State;

    private string Key => this.GetPrimaryKeyString();

    private IChargePointGrain ChargePoint => GrainFactory.GetGrain<IChargePointGrain>(Key);

    private DateTimeOffset Now => time.GetUtcNow();

    public async Task<ChargingProfilesView?> GetAsync() =>
        await ChargePoint.GetAsync() is null ? null : View();

    public async Task<ChargingProfileCallOutcome> SetAsync(int connectorId, ChargingProfileDefinition profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (await ChargePoint.GetAsync() is not { } chargePoint)
        {
            return Unknown();
        }

        var errors = ChargingProfileRules.Check(connectorId, profile).Concat(ConnectorErrors(chargePoint, connectorId)).ToList();
        if (errors.Count > 0)
        {
            return new ChargingProfileCallOutcome(null, errors);
        }

        if (profile.Purpose == ChargingProfileNames.TxProfile)
        {
            // A TxProfile belongs to the transaction running on its connector: the charge point rejects one for any other.
            // A 2.0.1 station is asked even without one, and answers Rejected itself (K01.FR.03).
            if (!chargePoint.OpenTransactions.TryGetValue(connectorId, out var running) && SpeaksV201(chargePoint) && profile.TransactionId is null)
            {
                running = 0;
            }
            else if (running == 0)
            {
                return ChargingProfileCallOutcome.Refused(new FieldError("connectorId", $"No transaction is running on connector {connectorId}: a TxProfile needs one."));
            }

            if (profile.TransactionId is { } named && named != running)
            {
                return ChargingProfileCallOutcome.Refused(new FieldError(
                    "chargingProfile.transactionId", string.Create(CultureInfo.InvariantCulture, $"The transaction running on connector {connectorId} is {running}, not {named}.")));
            }

            profile = profile with { TransactionId = running == 0 ? null : running };
        }

        await ManageAsync(chargePoint);
        var call = await SendProfileAsync(chargePoint, connectorId, profile, cancellationToken);
        if (call.AnsweredStatus() == "Accepted")
        {
            Install(connectorId, profile);
            await WriteAsync();
        }
        else
        {
            LogNotAccepted(logger, Key, ChargingProfileMessages.SetChargingProfile, call.AnsweredStatus() ?? call.Outcome.ToString());
        }

        return new ChargingProfileCallOutcome(call, [], View());
    }

    public async Task<ChargingProfileCallOutcome> ClearAsync(ChargingProfileCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (await ChargePoint.GetAsync() is not { } chargePoint)
        {
            return Unknown();
        }

        if (criteria.ConnectorId is { } connectorId && ConnectorErrors(chargePoint, connectorId).ToList() is { Count: > 0 } errors)
        {
            return new ChargingProfileCallOutcome(null, errors);
        }

        var call = SpeaksV201(chargePoint)
            ? await ChargePoint.CallAsync(
                V201ChargingProfileMessages.ClearChargingProfile, V201ChargingProfileMessages.ClearChargingProfileRequest(criteria), cancellationToken: cancellationToken)
            : await ChargePoint.CallAsync(
                ChargingProfileMessages.ClearChargingProfile, ChargingProfileMessages.ClearChargingProfileRequest(criteria), cancellationToken: cancellationToken);

        // Unknown: the charge point holds none that match, and the CSMS keeps its record as it is.
        List<InstalledChargingProfile> cleared = [];
        if (call.AnsweredStatus() == "Accepted")
        {
            cleared = State.Profiles.FindAll(criteria.Matches);
            if (cleared.Count > 0)
            {
                State.Profiles.RemoveAll(criteria.Matches);
                await WriteAsync();
            }
        }

        return new ChargingProfileCallOutcome(call, [], View(), cleared);
    }

    public async Task<ChargingProfileCallOutcome> GetCompositeScheduleAsync(int connectorId, int duration, string? chargingRateUnit, CancellationToken cancellationToken = default)
    {
        if (await ChargePoint.GetAsync() is not { } chargePoint)
        {
            return Unknown();
        }

        if (ConnectorErrors(chargePoint, connectorId).ToList() is { Count: > 0 } errors)
        {
            return new ChargingProfileCallOutcome(null, errors);
        }

        var call = SpeaksV201(chargePoint)
            ? await ChargePoint.CallAsync(
                V201ChargingProfileMessages.GetCompositeSchedule,
                V201ChargingProfileMessages.GetCompositeScheduleRequest(connectorId, duration, chargingRateUnit),
                cancellationToken: cancellationToken)
            : await ChargePoint.CallAsync(
                ChargingProfileMessages.GetCompositeSchedule,
                ChargingProfileMessages.GetCompositeScheduleRequest(connectorId, duration, chargingRateUnit),
                cancellationToken: cancellationToken);
        return new ChargingProfileCallOutcome(call, []);
    }

    public async Task<ChargingProfileCallOutcome> RemoteStartAsync(RemoteStartCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.ChargingProfile is not { } profile)
        {
            throw new ArgumentException("A remote start without a charging profile goes to the charge point grain.", nameof(command));
        }

        if (await ChargePoint.GetAsync() is not { } chargePoint)
        {
            return Unknown();
        }

        // A remote start's profile is a TxProfile for the transaction it starts, which has no id yet; the connector the
        // charge point picks, when none is named, is a real one (1 stands for it in the rules).
        var errors = ChargingProfileRules.Check(command.ConnectorId ?? 1, profile)
            .Concat(command.ConnectorId is { } connectorId ? ConnectorErrors(chargePoint, connectorId) : [])
            .ToList();
        if (profile.Purpose != ChargingProfileNames.TxProfile || profile.TransactionId is not null)
        {
            errors.Add(new FieldError("chargingProfile", "A remote start carries a TxProfile without a transactionId."));
        }

        if (errors.Count > 0)
        {
            return new ChargingProfileCallOutcome(null, errors);
        }

        // Kept before it is sent: the charge point may start the transaction before its answer reaches the CSMS, and
        // the start then finds the profile it is for.
        var pending = new PendingTxProfile(command.ConnectorId, command.IdTag, profile, Now);
        State.Pending.RemoveAll(p => p.ConnectorId == command.ConnectorId);
        State.Pending.Add(pending);
        await ManageAsync(chargePoint);
        await WriteAsync();

        var call = await ChargePoint.CommandAsync(command, cancellationToken: cancellationToken);

        // A charge point that timed out may still have accepted: the profile waits for a start as usual.
        if (call.Outcome != CallOutcome.TimedOut && call.AnsweredStatus() != "Accepted")
        {
            State.Pending.Remove(pending);
            await WriteAsync();
        }
        else if (await RunningTransactionNamedAsync(call) is var (evseId, transactionId))
        {
            // A 2.0.1 station whose EVSE already had a transaction (the cable first) names it: the profile is its own now.
            State.Pending.Remove(pending);
            Install(evseId, profile with { TransactionId = transactionId });
            await WriteAsync();
        }

        return new ChargingProfileCallOutcome(call, [], View());
    }

    public async Task TransactionStartedAsync(int connectorId, string idTag, int transactionId)
    {
        // Id tags are CiString20 in OCPP 1.6: the charge point may send the one it was given in another case.
        var pending = State.Pending.LastOrDefault(p => string.Equals(p.IdTag, idTag, StringComparison.OrdinalIgnoreCase)
            && (p.ConnectorId is null || p.ConnectorId == connectorId));
        if (pending is null)
        {
            return;
        }

        State.Pending.Remove(pending);
        Install(connectorId, pending.Profile with { TransactionId = transactionId });
        await WriteAsync();
    }

    public async Task TransactionsEndedAsync(IReadOnlyList<int> transactionIds)
    {
        ArgumentNullException.ThrowIfNull(transactionIds);
        var ended = State.Profiles.FindAll(p => p.InForce && p.Profile.TransactionId is { } id && transactionIds.Contains(id));
        if (ended.Count == 0)
        {
            return;
        }

        var now = Now;
        State.Profiles = [.. State.Profiles.Select(p => ended.Contains(p) ? p with { TransactionEndedAt = now } : p)];
        var surplus = State.Profiles.Count(p => !p.InForce) - EndedTxProfilesKept;
        if (surplus > 0)
        {
            var oldest = State.Profiles.Where(p => !p.InForce).OrderBy(p => p.TransactionEndedAt).Take(surplus).ToHashSet();
            State.Profiles.RemoveAll(oldest.Contains);
        }

        await WriteAsync();
    }

    public async Task ForgetAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new ChargingProfilesState();
    }

    /// <summary>Keeps a profile the charge point accepted, in place of those it replaces there.</summary>
    private void Install(int connectorId, ChargingProfileDefinition profile)
    {
        State.Profiles.RemoveAll(p => p.Profile.ChargingProfileId == profile.ChargingProfileId
            || (p.InForce && p.ConnectorId == connectorId && p.Profile.StackLevel == profile.StackLevel && p.Profile.Purpose == profile.Purpose));
        State.Profiles.Add(new InstalledChargingProfile(connectorId, profile, Now));
    }

    /// <summary>The charge point grain tells this one of its transactions from the first profile on.</summary>
    private async Task ManageAsync(ChargePointState chargePoint)
    {
        if (!chargePoint.ChargingProfilesManaged)
        {
            await ChargePoint.ManageChargingProfilesAsync();
        }
    }

    /// <summary>A connector the charge point has not reported is not one of its connectors (0 is always the charge point itself).</summary>
    private static IEnumerable<FieldError> ConnectorErrors(ChargePointState chargePoint, int connectorId)
    {
        var known = chargePoint.Connectors.Keys.Where(k => k > 0).ToList();
        if (connectorId != 0 && known.Count > 0 && !known.Contains(connectorId))
        {
            yield return new FieldError("connectorId", $"The charge point has connectors {string.Join(", ", known)}; {connectorId} is not one of them.");
        }
    }

    private ChargingProfileCallOutcome Unknown() => new(new ChargePointCallResult(CallOutcome.UnknownChargePoint), []);

    private ChargingProfilesView View()
    {
        var stale = Now - PendingLifetime;
        return new ChargingProfilesView(Key, [.. State.Profiles], [.. State.Pending.Where(p => p.SentAt > stale)]);
    }

    private Task WriteAsync()
    {
        var stale = Now - PendingLifetime;
        State.Pending.RemoveAll(p => p.SentAt <= stale);
        State.ChargePointId = Key;
        return state.WriteStateAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId}: {Action} ended {Status}")]
    private static partial void LogNotAccepted(ILogger logger, string chargePointId, string action, string status);
}
