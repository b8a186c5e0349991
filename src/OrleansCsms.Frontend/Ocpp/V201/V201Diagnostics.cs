using System.Text.Json;
using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>
/// The diagnostics notifications of OCPP 2.0.1 (block N) a station sends: monitoring report parts go to its device
/// model, customer information parts to its customer information grain, each stored before it is acknowledged.
/// </summary>
internal static class V201Diagnostics
{
    public static async Task<JsonElement> NotifyMonitoringReportAsync(ChargePointLink link, IGrainFactory grains, NotifyMonitoringReportRequest request)
    {
        await grains.GetGrain<Domain.IDeviceModelGrain>(link.Id).RecordMonitoringReportAsync(ToDomain(request));
        return V201Json.ToPayload(new NotifyMonitoringReportConfirmation());
    }

    public static async Task<JsonElement> NotifyCustomerInformationAsync(ChargePointLink link, IGrainFactory grains, NotifyCustomerInformationRequest request)
    {
        await grains.GetGrain<Domain.ICustomerInformationGrain>(link.Id)
            .RecordPartAsync(new Domain.CustomerDataPart(request.RequestId, request.SeqNo, request.Tbc ?? false, request.GeneratedAt, request.Data));
        return V201Json.ToPayload(new NotifyCustomerInformationConfirmation());
    }

    public static Domain.MonitoringReportPart ToDomain(NotifyMonitoringReportRequest request) => new(
        request.RequestId,
        request.SeqNo,
        request.Tbc ?? false,
        request.GeneratedAt,
        [.. (request.Monitor ?? []).Select(m => new Domain.ReportedMonitors(
            V201DeviceModel.ToDomain(m.Component),
            V201DeviceModel.ToDomain(m.Variable),
            [.. m.VariableMonitoring.Select(v => new Domain.ReportedMonitor(v.Id, v.Transaction, v.Value, OcppWireNames.Of(v.Type), v.Severity))]))]);
}
