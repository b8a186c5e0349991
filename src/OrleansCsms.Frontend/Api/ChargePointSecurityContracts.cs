using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>A new AuthorizationKey: 16-20 bytes as 32-40 hexadecimal characters; left out, the CSMS makes a random one of 20 bytes.</summary>
public sealed record AuthorizationKeyRequest(string? Key);

/// <summary>
/// A higher security profile for a charge point: 1, 2 or 3. An OCPP 2.0.1 station also needs the network configuration
/// slot the profile goes in (0-9) and the CSMS URL it connects to on it (ws:// or wss://, without its identity); the
/// interface (Wired0 unless given) and the message timeout in seconds (30 unless given) may be named.
/// </summary>
public sealed record SecurityProfileUpgradeRequest(int? Profile, int? ConfigurationSlot = null, string? OcppCsmsUrl = null, string? OcppInterface = null, int? MessageTimeout = null);

/// <summary>An explicit lowering of the lowest security profile the CSMS admits a charge point on, and why.</summary>
public sealed record SecurityProfileLoweringRequest(int? Profile, string? Reason);

/// <summary>
/// A charge point's security: the profile its latest connection arrived on (0: ws without credentials, 1: ws and Basic
/// auth, 2: wss and Basic auth, 3: wss and a client certificate), the highest it was admitted on, the lowest it is
/// admitted on now, whether a new AuthorizationKey awaits its first use, how the last rotation ended, and the changes
/// of the minimum.
/// </summary>
public sealed record ChargePointSecurityResponse(
    int? ConnectionProfile,
    DateTimeOffset? ConnectionProfileAt,
    int HighestProfile,
    int MinimumProfile,
    bool AuthorizationKeyPending,
    AuthorizationKeyRotationResponse? LastAuthorizationKeyRotation,
    IReadOnlyList<SecurityProfileChangeResponse> MinimumProfileChanges);

/// <summary>How an AuthorizationKey rotation ended: the charge point's answer (or TimedOut, NotConnected, ...), whether the key became the password.</summary>
public sealed record AuthorizationKeyRotationResponse(string Outcome, bool Applied, DateTimeOffset At, string Detail);

/// <summary>A change of the minimum security profile.</summary>
public sealed record SecurityProfileChangeResponse(int From, int To, DateTimeOffset At, string Reason);

/// <summary>The answer to a rotation or an upgrade: the charge point's status, whether it took effect, the security after it.</summary>
public sealed record SecurityChangeResponse(string? Status, bool Applied, ChargePointSecurityResponse Security);

/// <summary>Maps the security state to its response; the key and password hashes are never part of it.</summary>
public static class ChargePointSecurityMapping
{
    public static ChargePointSecurityResponse ToResponse(this ChargePointSecurity security) => new(
        security.ConnectionProfile,
        security.ConnectionProfileAt,
        security.HighestProfile,
        security.MinimumProfile,
        security.PendingKey is not null,
        security.LastKeyRotation is { } rotation ? new AuthorizationKeyRotationResponse(rotation.Outcome, rotation.Applied, rotation.At, rotation.Detail) : null,
        [.. security.MinimumProfileChanges.Select(c => new SecurityProfileChangeResponse(c.From, c.To, c.At, c.Reason))]);
}
