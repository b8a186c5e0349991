namespace OrleansCsms.Grains;

/// <summary>
/// How a charge point authenticates, as the OCPP 1.6 security whitepaper numbers it: the profile its connections
/// arrive on, the lowest one the CSMS still lets it in on, and the rotation of its Basic auth password.
/// </summary>
[GenerateSerializer]
[Alias("csms.ChargePointSecurity")]
public sealed class ChargePointSecurity
{
    /// <summary>The profile the latest admitted connection arrived on; null before the first.</summary>
    [Id(0)]
    public int? ConnectionProfile { get; set; }

    [Id(1)]
    public DateTimeOffset? ConnectionProfileAt { get; set; }

    /// <summary>The highest profile a connection of this charge point was ever admitted on.</summary>
    [Id(2)]
    public int HighestProfile { get; set; }

    /// <summary>The lowest profile a connection is admitted on: raised when the charge point accepts an upgrade, lowered only by an explicit operator request.</summary>
    [Id(3)]
    public int MinimumProfile { get; set; }

    /// <summary>An AuthorizationKey sent to the charge point whose answer is not recorded yet (or never came).</summary>
    [Id(4)]
    public PendingAuthorizationKey? PendingKey { get; set; }

    /// <summary>How the last AuthorizationKey rotation ended.</summary>
    [Id(5)]
    public AuthorizationKeyRotation? LastKeyRotation { get; set; }

    /// <summary>Changes of the minimum profile, oldest first, the last <see cref="MaxChanges"/> kept.</summary>
    [Id(6)]
    public List<SecurityProfileChange> MinimumProfileChanges { get; set; } = [];

    public const int MaxChanges = 20;

    /// <summary>The profile of a connection: 3 with a trusted client certificate; 1 or 2 (without or with TLS) with a verified password; else 0.</summary>
    public static int ProfileOf(bool tls, bool trustedClientCertificate, bool passwordVerified) =>
        trustedClientCertificate ? 3 : passwordVerified ? (tls ? 2 : 1) : 0;
}

/// <summary>A new Basic auth password sent as AuthorizationKey, kept as a hash until the charge point's answer settles it.</summary>
[GenerateSerializer]
[Alias("csms.PendingAuthorizationKey")]
[Immutable]
public sealed record PendingAuthorizationKey(string RotationId, string Hash, DateTimeOffset SentAt);

/// <summary>The end of an AuthorizationKey rotation: the charge point's answer and whether the new key became the password.</summary>
[GenerateSerializer]
[Alias("csms.AuthorizationKeyRotation")]
[Immutable]
public sealed record AuthorizationKeyRotation(string RotationId, string Outcome, bool Applied, DateTimeOffset At, string Detail);

/// <summary>A change of the minimum security profile: an accepted upgrade, or an operator lowering it.</summary>
[GenerateSerializer]
[Alias("csms.SecurityProfileChange")]
[Immutable]
public sealed record SecurityProfileChange(int From, int To, DateTimeOffset At, string Reason);

/// <summary>What the charge point answered a ChangeConfiguration that carried a new AuthorizationKey or SecurityProfile.</summary>
[GenerateSerializer]
[Alias("csms.SecurityChangeAnswer")]
public enum SecurityChangeAnswer
{
    /// <summary>Accepted: the charge point uses the new value.</summary>
    Accepted,

    /// <summary>Rejected, NotSupported, a CALLERROR, or not connected: the old value stays.</summary>
    NotApplied,

    /// <summary>No answer in time, or RebootRequired: the charge point may switch, now or at its next start.</summary>
    Unsettled,
}

/// <summary>The result of an operator's security change: the charge point's call result and the security state after it.</summary>
[GenerateSerializer]
[Alias("csms.SecurityChangeResult")]
[Immutable]
public sealed record SecurityChangeResult(ChargePointCallResult Call, ChargePointSecurity? Security, bool Applied);

/// <summary>
/// Where an OCPP 2.0.1 station connects on its new security profile: the network configuration slot the profile goes
/// in, the CSMS URL for that profile (the station adds its identity), the interface and the message timeout in seconds.
/// </summary>
[GenerateSerializer]
[Alias("csms.NetworkProfileChange")]
[Immutable]
public sealed record NetworkProfileChange(int ConfigurationSlot, string OcppCsmsUrl, string OcppInterface, int MessageTimeout);
