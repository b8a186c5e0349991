using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Grains;

/// <summary>The services the CSMS asks on behalf of ISO 15118 vehicles and certificates, bound from the "Iso15118" configuration section.</summary>
public sealed class Iso15118Options
{
    public const string Section = "Iso15118";

    /// <summary>
    /// URL that Get15118EVCertificate requests are POSTed to as JSON (chargingStationId, iso15118SchemaVersion, action,
    /// exiRequest); it answers 200 with JSON carrying exiResponse (base64). None: every such request is answered Failed.
    /// </summary>
    [Url]
    public string? ContractCertificateServiceUrl { get; set; }

    /// <summary>URL of the OCSP responder (RFC 6960 over HTTP POST) that GetCertificateStatus asks. None: answered Failed.</summary>
    [Url]
    public string? OcspResponderUrl { get; set; }

    /// <summary>
    /// A PEM file, or a directory of .pem/.crt files, holding the mobility operator and V2G roots a contract certificate
    /// chain sent in a 2.0.1 Authorize must lead to. None: such chains cannot be validated (NoCertificateAvailable).
    /// </summary>
    public string? TrustedRootsPath { get; set; }

    /// <summary>How long either service may take, in seconds: well inside the station's own wait for the answer.</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 10;
}
