using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>
/// Sends an operator's security changes to one charge point and records its answers on the charge point grain. It keeps
/// no state: being one activation per charge point that takes one request at a time is what it is for, so two
/// rotations never cross. Its work goes on when the operator stops waiting: the answer is recorded either way.
/// </summary>
[GrainType(GrainTypes.ChargePointSecurity)]
public sealed partial class ChargePointSecurityGrain(ILogger<ChargePointSecurityGrain> logger) : Grain, IChargePointSecurityGrain
{
    private IChargePointGrain ChargePoint => GrainFactory.GetGrain<IChargePointGrain>(this.GetPrimaryKeyString());

    public async Task<SecurityChangeResult> RotateAuthorizationKeyAsync(string key)
    {
        // The pending key is stored before it is sent, so whatever happens to this call a charge point that took the
        // key can connect with it (see ChargePointGrain.VerifyPasswordAsync).
        if (await ChargePoint.BeginAuthorizationKeyRotationAsync(key) is not { } rotationId)
        {
            return new SecurityChangeResult(new ChargePointCallResult(CallOutcome.UnknownChargePoint), null, Applied: false);
        }

        var call = await ChargePoint.CommandAsync(new ChangeConfigurationCommand(SecurityKeys.AuthorizationKey, key));
        var (answer, outcome) = Classify(call);
        var security = await ChargePoint.SettleAuthorizationKeyRotationAsync(rotationId, answer, outcome);
        return new SecurityChangeResult(call, security, security?.LastKeyRotation is { Applied: true } last && last.RotationId == rotationId);
    }

    public async Task<SecurityChangeResult> UpgradeSecurityProfileAsync(int profile)
    {
        var call = await ChargePoint.CommandAsync(new ChangeConfigurationCommand(SecurityKeys.SecurityProfile, profile.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            timeout: null);
        if (call.Outcome == CallOutcome.UnknownChargePoint)
        {
            return new SecurityChangeResult(call, null, Applied: false);
        }

        // Only Accepted raises the minimum: RebootRequired would refuse the charge point's reconnects before its reboot.
        var accepted = call.AnsweredStatus() == "Accepted";
        var security = accepted ? await ChargePoint.RaiseMinimumSecurityProfileAsync(profile) : (await ChargePoint.GetAsync())?.Security;
        LogUpgrade(logger, this.GetPrimaryKeyString(), profile, call.AnsweredStatus() ?? call.Outcome.ToString());
        return new SecurityChangeResult(call, security, accepted);
    }

    public async Task<SecurityChangeResult> UpgradeNetworkProfileAsync(int profile, NetworkProfileChange network)
    {
        var setProfile = await ChargePoint.CallAsync(NetworkProfileMessages.SetNetworkProfile, NetworkProfileMessages.SetNetworkProfileRequest(profile, network));
        if (setProfile.Outcome == CallOutcome.UnknownChargePoint)
        {
            return new SecurityChangeResult(setProfile, null, Applied: false);
        }

        var call = setProfile;
        if (setProfile.AnsweredStatus() == "Accepted")
        {
            // The new slot goes first: the station tries it at its next start, and the old profile's slots after it.
            call = await ChargePoint.CommandAsync(new ChangeConfigurationCommand(
                NetworkProfileMessages.NetworkConfigurationPriority, network.ConfigurationSlot.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var accepted = ConfigurationAnswers.StatusOf(call) is "Accepted" or "RebootRequired" && setProfile.AnsweredStatus() == "Accepted";
        var security = accepted ? await ChargePoint.RaiseMinimumSecurityProfileAsync(profile) : (await ChargePoint.GetAsync())?.Security;
        LogUpgrade(logger, this.GetPrimaryKeyString(), profile, ConfigurationAnswers.StatusOf(call) ?? call.Outcome.ToString());
        return new SecurityChangeResult(call, security, accepted);
    }

    /// <summary>What an answer means for a new key: Accepted takes it, RebootRequired or silence may, anything else does not.</summary>
    private static (SecurityChangeAnswer Answer, string Outcome) Classify(ChargePointCallResult call) => call.Outcome switch
    {
        CallOutcome.Completed => ConfigurationAnswers.StatusOf(call) switch
        {
            "Accepted" => (SecurityChangeAnswer.Accepted, "Accepted"),
            "RebootRequired" => (SecurityChangeAnswer.Unsettled, "RebootRequired"),
            { } status => (SecurityChangeAnswer.NotApplied, status),
            null => (SecurityChangeAnswer.NotApplied, "NoStatus"),
        },
        CallOutcome.TimedOut => (SecurityChangeAnswer.Unsettled, "TimedOut"),
        CallOutcome.Failed => (SecurityChangeAnswer.NotApplied, $"CallError {call.ErrorCode}"),
        _ => (SecurityChangeAnswer.NotApplied, call.Outcome.ToString()),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId}: SecurityProfile {Profile} answered {Answer}")]
    private static partial void LogUpgrade(ILogger logger, string chargePointId, int profile, string answer);
}

/// <summary>The OCPP 1.6 security whitepaper's configuration keys.</summary>
public static class SecurityKeys
{
    public const string AuthorizationKey = "AuthorizationKey";
    public const string SecurityProfile = "SecurityProfile";
}
