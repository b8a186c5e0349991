using Microsoft.Extensions.Logging;

namespace OrleansCsms.Grains;

/// <summary>Security profiles and the Basic auth password: what admission checks, and how rotations and upgrades change it.</summary>
public sealed partial class ChargePointGrain
{
    public async Task<string?> BeginAuthorizationKeyRotationAsync(string key)
    {
        if (!State.Registered)
        {
            return null;
        }

        // Written before the key is sent: a charge point that switches at once and reconnects before its answer is
        // recorded finds the key here. A rotation still pending is replaced: only the newest key was sent last.
        var rotationId = Guid.NewGuid().ToString("N");
        State.Security.PendingKey = new PendingAuthorizationKey(rotationId, PasswordHasher.Hash(key), Now);
        await WriteAsync();
        return rotationId;
    }

    public async Task<ChargePointSecurity?> SettleAuthorizationKeyRotationAsync(string rotationId, SecurityChangeAnswer answer, string outcome)
    {
        if (!State.Registered)
        {
            return null;
        }

        var security = State.Security;
        var pending = security.PendingKey is { } key && key.RotationId == rotationId ? key : null;

        // A reconnect with the new key before this answer (see VerifyPasswordAsync) already made it the password.
        var promoted = pending is null && security.LastKeyRotation is { Applied: true } last && last.RotationId == rotationId;
        var applied = promoted || (answer == SecurityChangeAnswer.Accepted && pending is not null);
        string detail;
        if (applied)
        {
            if (pending is not null)
            {
                State.PasswordHash = pending.Hash;
                security.PendingKey = null;
            }

            detail = promoted
                ? "The charge point reconnected with the new key before its answer was recorded; the key is its password."
                : "The key is the charge point's password; the old one is refused.";
        }
        else if (pending is null)
        {
            // A newer rotation replaced this one: its record is the one that counts.
            return security;
        }
        else if (answer == SecurityChangeAnswer.Unsettled)
        {
            // The charge point may have switched without its answer reaching us (or switches at its next start): the
            // new key stays pending, accepted alongside the old one, and its first use makes it the password.
            detail = "The old password stays; the new key is accepted once, and becomes the password when the charge point connects with it.";
        }
        else
        {
            security.PendingKey = null;
            detail = "The old password stays.";
        }

        security.LastKeyRotation = new AuthorizationKeyRotation(rotationId, outcome, applied, Now, detail);
        await WriteAsync();
        LogKeyRotation(logger, Key, outcome, applied);
        return security;
    }

    public async Task<ChargePointSecurity?> RaiseMinimumSecurityProfileAsync(int profile)
    {
        if (!State.Registered)
        {
            return null;
        }

        if (profile > State.Security.MinimumProfile)
        {
            await ChangeMinimumProfileAsync(profile, $"The charge point accepted SecurityProfile {profile}.");
        }

        return State.Security;
    }

    public async Task<ChargePointSecurity?> LowerMinimumSecurityProfileAsync(int profile, string reason)
    {
        if (!State.Registered)
        {
            return null;
        }

        if (profile < State.Security.MinimumProfile)
        {
            LogProfileLowered(logger, Key, State.Security.MinimumProfile, profile, reason);
            await ChangeMinimumProfileAsync(profile, $"Lowered by an operator: {reason}");
        }

        return State.Security;
    }

    /// <summary>
    /// Checks a presented password against the password and a pending AuthorizationKey: false when neither matches. The
    /// pending key is accepted once and becomes the password right then, before the connection is admitted: a charge
    /// point that switched keys before its Accepted was recorded is let in, and its old password is refused from then on.
    /// </summary>
    private async Task<bool> VerifyPasswordAsync(string? password)
    {
        if (password is null)
        {
            return false;
        }

        if (State.PasswordHash is { } hash && PasswordHasher.Verify(password, hash))
        {
            return true;
        }

        if (State.Security.PendingKey is { } pending && PasswordHasher.Verify(password, pending.Hash))
        {
            State.PasswordHash = pending.Hash;
            State.Security.PendingKey = null;
            State.Security.LastKeyRotation = new AuthorizationKeyRotation(
                pending.RotationId, "ConnectedWithNewKey", Applied: true, Now, "The charge point connected with the new key; the key is its password.");
            await WriteAsync();
            LogPendingKeyUsed(logger, Key);
            return true;
        }

        return false;
    }

    /// <summary>Refuses a connection below the charge point's minimum profile; records the profile of one admitted, writing only when it changed.</summary>
    private async Task<AdmissionOutcome> AdmitProfileAsync(int profile)
    {
        var security = State.Security;
        if (profile < security.MinimumProfile)
        {
            LogBelowProfile(logger, Key, profile, security.MinimumProfile);
            return AdmissionOutcome.BelowSecurityProfile;
        }

        if (security.ConnectionProfile != profile || profile > security.HighestProfile)
        {
            security.ConnectionProfile = profile;
            security.ConnectionProfileAt = Now;
            security.HighestProfile = Math.Max(security.HighestProfile, profile);
            await WriteAsync();
        }

        return AdmissionOutcome.Admitted;
    }

    private async Task ChangeMinimumProfileAsync(int profile, string reason)
    {
        var security = State.Security;
        security.MinimumProfileChanges.Add(new SecurityProfileChange(security.MinimumProfile, profile, Now, reason));
        if (security.MinimumProfileChanges.Count > ChargePointSecurity.MaxChanges)
        {
            security.MinimumProfileChanges.RemoveAt(0);
        }

        security.MinimumProfile = profile;
        await WriteAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused charge point {ChargePointId}: it connected on security profile {Profile}, below its minimum {Minimum}")]
    private static partial void LogBelowProfile(ILogger logger, string chargePointId, int profile, int minimum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId} connected with its pending AuthorizationKey, which is now its password")]
    private static partial void LogPendingKeyUsed(ILogger logger, string chargePointId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charge point {ChargePointId}: AuthorizationKey rotation answered {Outcome}, applied: {Applied}")]
    private static partial void LogKeyRotation(ILogger logger, string chargePointId, string outcome, bool applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charge point {ChargePointId}: minimum security profile lowered from {From} to {To} by an operator: {Reason}")]
    private static partial void LogProfileLowered(ILogger logger, string chargePointId, int from, int to, string reason);
}
