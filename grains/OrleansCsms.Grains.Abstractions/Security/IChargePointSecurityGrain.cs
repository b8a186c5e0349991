namespace OrleansCsms.Grains;

/// <summary>
/// An operator's security changes to one charge point (key: its identity), one at a time: rotating its AuthorizationKey
/// and raising its security profile. The facts (password, pending key, minimum profile) live on the charge point grain,
/// which admits connections by them; this grain sends the ChangeConfiguration and records the answer there.
/// </summary>
[Alias("csms.IChargePointSecurityGrain")]
public interface IChargePointSecurityGrain : IGrainWithStringKey
{
    /// <summary>
    /// Sends ChangeConfiguration AuthorizationKey = <paramref name="key"/>; when the charge point answers Accepted the key
    /// becomes its Basic auth password, recorded before this returns. Any other answer leaves the old password.
    /// </summary>
    [ResponseTimeout("00:11:00")]
    Task<SecurityChangeResult> RotateAuthorizationKeyAsync(string key);

    /// <summary>
    /// Sends ChangeConfiguration SecurityProfile = <paramref name="profile"/>; when the charge point answers Accepted the
    /// profile becomes the lowest its connections are admitted on, recorded before this returns.
    /// </summary>
    [ResponseTimeout("00:11:00")]
    Task<SecurityChangeResult> UpgradeSecurityProfileAsync(int profile);

    /// <summary>
    /// Raises an OCPP 2.0.1 station's profile (A05): SetNetworkProfile with <paramref name="profile"/> into the slot of
    /// <paramref name="network"/>, then SetVariables OCPPCommCtrlr.NetworkConfigurationPriority putting that slot first.
    /// When both are accepted the profile becomes the lowest its connections are admitted on; it takes effect at the
    /// station's next start (Reset).
    /// </summary>
    [ResponseTimeout("00:11:00")]
    Task<SecurityChangeResult> UpgradeNetworkProfileAsync(int profile, NetworkProfileChange network);
}
