namespace OrleansCsms.Grains;

/// <summary>
/// The certificate types of InstallCertificate and GetInstalledCertificateIds in both OCPP versions. 1.6's
/// CentralSystemRootCertificate is 2.0.1's CSMSRootCertificate; the ISO 15118 types exist in 2.0.1 only.
/// </summary>
public static class CertificateTypes
{
    public const string CentralSystemRoot = "CentralSystemRootCertificate";
    public const string CsmsRoot = "CSMSRootCertificate";
    public const string ManufacturerRoot = "ManufacturerRootCertificate";
    public const string V2GRoot = "V2GRootCertificate";
    public const string MORoot = "MORootCertificate";
    public const string V2GCertificateChain = "V2GCertificateChain";

    /// <summary>The root certificate types of OCPP 1.6.</summary>
    public static readonly IReadOnlyList<string> V16 = [CentralSystemRoot, ManufacturerRoot];

    /// <summary>The types an OCPP 2.0.1 station installs (InstallCertificateUseEnumType).</summary>
    public static readonly IReadOnlyList<string> V201Installable = [CsmsRoot, ManufacturerRoot, V2GRoot, MORoot];

    /// <summary>The types an OCPP 2.0.1 station reports (GetCertificateIdUseEnumType).</summary>
    public static readonly IReadOnlyList<string> V201Reported = [.. V201Installable, V2GCertificateChain];

    /// <summary>Every type an operator may name for installing, in either version's words.</summary>
    public static readonly IReadOnlyList<string> Installable = [CentralSystemRoot, .. V201Installable];

    /// <summary>Every type an operator may ask installed certificates of, in either version's words.</summary>
    public static readonly IReadOnlyList<string> Reported = [CentralSystemRoot, .. V201Reported];

    /// <summary>The name <paramref name="type"/> has in the version a station speaks; null when that version has no such type.</summary>
    public static string? InVersion(string type, bool v201) => (type, v201) switch
    {
        (CentralSystemRoot or CsmsRoot, true) => CsmsRoot,
        (CentralSystemRoot or CsmsRoot, false) => CentralSystemRoot,
        (ManufacturerRoot, _) => ManufacturerRoot,
        (V2GRoot or MORoot or V2GCertificateChain, true) => type,
        _ => null,
    };
}
