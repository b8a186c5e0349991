namespace OrleansCsms.Grains;

/// <summary>The security events the OCPP 1.6 security extension defines, and which of them it calls critical.</summary>
public static class SecurityEventTypes
{
    private static readonly HashSet<string> Critical = new(StringComparer.Ordinal)
    {
        "FirmwareUpdated",
        "SettingSystemTime",
        "StartupOfTheDevice",
        "ResetOrReboot",
        "SecurityLogWasCleared",
        "MemoryExhaustion",
        "TamperDetectionActivated",
    };

    /// <summary>
    /// Whether <paramref name="type"/> is a critical event, which a charge point must deliver even after being offline
    /// and an operator should see at once. A type the extension does not define (a vendor's own) is not critical.
    /// </summary>
    public static bool IsCritical(string type) => Critical.Contains(type);
}
