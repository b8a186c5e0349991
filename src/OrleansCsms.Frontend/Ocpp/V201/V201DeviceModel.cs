using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>Maps the device model parts of OCPP 2.0.1 messages (reports, events, variable results) to the domain.</summary>
internal static class V201DeviceModel
{
    public static Domain.ReportPart ToDomain(NotifyReportRequest request) => new(
        request.RequestId,
        request.SeqNo,
        request.Tbc ?? false,
        request.GeneratedAt,
        [.. (request.ReportData ?? []).Select(d => new Domain.ReportedVariable(
            ToDomain(d.Component),
            ToDomain(d.Variable),
            [.. d.VariableAttribute.Select(a => new Domain.VariableAttributeValue(
                OcppWireNames.Of(a.Type) ?? "Actual", a.Value, OcppWireNames.Of(a.Mutability), a.Persistent, a.Constant))],
            d.VariableCharacteristics is { } c
                ? new Domain.VariableCharacteristicsValue(OcppWireNames.Of(c.DataType), c.SupportsMonitoring, c.Unit, c.MinLimit, c.MaxLimit, c.ValuesList)
                : null,
            request.GeneratedAt))]);

    public static Domain.StationEvent ToDomain(EventDataType e) => new(
        e.EventId,
        e.Timestamp,
        OcppWireNames.Of(e.Trigger),
        e.ActualValue,
        ToDomain(e.Component),
        ToDomain(e.Variable),
        OcppWireNames.Of(e.EventNotificationType),
        e.Cause,
        e.TechCode,
        e.TechInfo,
        e.Cleared,
        e.TransactionId,
        e.VariableMonitoringId);

    public static Domain.ComponentReference ToDomain(ComponentType component) =>
        new(component.Name, component.Instance, component.Evse?.Id, component.Evse?.ConnectorId);

    public static Domain.VariableReference ToDomain(VariableType variable) => new(variable.Name, variable.Instance);
}
