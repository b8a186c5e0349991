namespace OrleansCsms.Ocpp;

/// <summary>Wire spellings of <see cref="OcppErrorCode"/> per OCPP version.</summary>
public static class OcppErrorCodes
{
    // OCPP-J 1.6 misspells this code; peers compare strings, so 1.6 must get the typo back.
    private const string V16OccurrenceSpelling = "OccurenceConstraintViolation";

    /// <summary>The text to put in a CALLERROR for <paramref name="version"/>.</summary>
    public static string ToWire(OcppErrorCode code, OcppVersion version) => (code, version) switch
    {
        (OcppErrorCode.NotImplemented, _) => "NotImplemented",
        (OcppErrorCode.NotSupported, _) => "NotSupported",
        (OcppErrorCode.InternalError, _) => "InternalError",
        (OcppErrorCode.ProtocolError, _) => "ProtocolError",
        (OcppErrorCode.SecurityError, _) => "SecurityError",
        (OcppErrorCode.FormationViolation, OcppVersion.V16) => "FormationViolation",

        // 2.0.1 renamed the code; a 2.0.1 peer compares against the new name.
        (OcppErrorCode.FormationViolation, _) => "FormatViolation",
        (OcppErrorCode.PropertyConstraintViolation, _) => "PropertyConstraintViolation",
        (OcppErrorCode.OccurrenceConstraintViolation, OcppVersion.V16) => V16OccurrenceSpelling,
        (OcppErrorCode.OccurrenceConstraintViolation, _) => "OccurrenceConstraintViolation",
        (OcppErrorCode.TypeConstraintViolation, _) => "TypeConstraintViolation",
        (OcppErrorCode.GenericError, _) => "GenericError",

        // 1.6 defines ProtocolError as a message that breaks the protocol's rules, the nearest match
        // for a message type number it does not know.
        (OcppErrorCode.MessageTypeNotSupported, OcppVersion.V16) => "ProtocolError",
        (OcppErrorCode.MessageTypeNotSupported, _) => "MessageTypeNotSupported",

        // An unreadable RPC frame is, in 1.6 terms, a payload that does not conform to the PDU structure.
        (OcppErrorCode.RpcFrameworkError, OcppVersion.V16) => "FormationViolation",
        (OcppErrorCode.RpcFrameworkError, _) => "RpcFrameworkError",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown OCPP error code."),
    };

    /// <summary>
    /// Reads a CALLERROR code of any supported version, accepting both the 1.6 spellings
    /// "OccurenceConstraintViolation" and "FormationViolation" and their 2.0.1 successors
    /// "OccurrenceConstraintViolation" and "FormatViolation".
    /// </summary>
    public static bool TryParse(string wire, out OcppErrorCode code)
    {
        ArgumentNullException.ThrowIfNull(wire);
        switch (wire)
        {
            case "NotImplemented": code = OcppErrorCode.NotImplemented; return true;
            case "NotSupported": code = OcppErrorCode.NotSupported; return true;
            case "InternalError": code = OcppErrorCode.InternalError; return true;
            case "ProtocolError": code = OcppErrorCode.ProtocolError; return true;
            case "SecurityError": code = OcppErrorCode.SecurityError; return true;
            case "FormationViolation":
            case "FormatViolation": code = OcppErrorCode.FormationViolation; return true;
            case "PropertyConstraintViolation": code = OcppErrorCode.PropertyConstraintViolation; return true;
            case V16OccurrenceSpelling:
            case "OccurrenceConstraintViolation": code = OcppErrorCode.OccurrenceConstraintViolation; return true;
            case "TypeConstraintViolation": code = OcppErrorCode.TypeConstraintViolation; return true;
            case "GenericError": code = OcppErrorCode.GenericError; return true;
            case "MessageTypeNotSupported": code = OcppErrorCode.MessageTypeNotSupported; return true;
            case "RpcFrameworkError": code = OcppErrorCode.RpcFrameworkError; return true;
            default: code = OcppErrorCode.GenericError; return false;
        }
    }
}
