using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Frontend.Api;

/// <summary>What reservation requests are checked against beyond their required fields.</summary>
public static class ReservationRules
{
    /// <summary>OCPP 2.0.1's connector types, as ReserveNow names them.</summary>
    public static readonly IReadOnlyList<string> ConnectorTypes = [.. Enum.GetValues<ConnectorEnumType>().Select(t => OcppWireNames.Of(t))];

    /// <summary>An optional connector type, one of <see cref="ConnectorTypes"/>.</summary>
    public static ValidationErrors ConnectorType(this ValidationErrors errors, string? connectorType) =>
        connectorType is null ? errors : errors.OneOf("connectorType", connectorType, [.. ConnectorTypes]);
}
