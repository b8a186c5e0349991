namespace OrleansCsms.Ocpp;

/// <summary>
/// The CALLERROR codes of OCPP 1.6 and 2.0.1 under one spelling; <see cref="OcppErrorCodes"/> maps
/// them to and from each version's wire text.
/// </summary>
public enum OcppErrorCode
{
    NotImplemented,
    NotSupported,
    InternalError,
    ProtocolError,
    SecurityError,

    /// <summary>A payload that breaks its schema's syntax; 2.0.1 peers receive FormatViolation.</summary>
    FormationViolation,
    PropertyConstraintViolation,
    OccurrenceConstraintViolation,
    TypeConstraintViolation,
    GenericError,

    /// <summary>2.0.1 only; 1.6 peers receive ProtocolError.</summary>
    MessageTypeNotSupported,

    /// <summary>2.0.1 only; 1.6 peers receive FormationViolation.</summary>
    RpcFrameworkError,
}
