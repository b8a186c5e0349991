using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace OrleansCsms.Ocpp.V201;

/// <summary>The catalogue of 2.0.1 actions, grouped by who sends the request.</summary>
public static class V201Actions
{
    private static readonly V201JsonContext Json = V201JsonContext.Default;

    /// <summary>Every action of the 2.0.1 schema file.</summary>
    public static IReadOnlyList<V201Action> All { get; } =
    [
        // Charging station to CSMS.
        FromChargingStation("Authorize", Json.AuthorizeRequest, Json.AuthorizeConfirmation),
        FromChargingStation("BootNotification", Json.BootNotificationRequest, Json.BootNotificationConfirmation),
        FromChargingStation("ClearedChargingLimit", Json.ClearedChargingLimitRequest, Json.ClearedChargingLimitConfirmation),
        FromChargingStation("FirmwareStatusNotification", Json.FirmwareStatusNotificationRequest, Json.FirmwareStatusNotificationConfirmation),
        FromChargingStation("Get15118EVCertificate", Json.Get15118EVCertificateRequest, Json.Get15118EVCertificateConfirmation),
        FromChargingStation("GetCertificateStatus", Json.GetCertificateStatusRequest, Json.GetCertificateStatusConfirmation),
        FromChargingStation("Heartbeat", Json.HeartbeatRequest, Json.HeartbeatConfirmation),
        FromChargingStation("LogStatusNotification", Json.LogStatusNotificationRequest, Json.LogStatusNotificationConfirmation),
        FromChargingStation("MeterValues", Json.MeterValuesRequest, Json.MeterValuesConfirmation),
        FromChargingStation("NotifyChargingLimit", Json.NotifyChargingLimitRequest, Json.NotifyChargingLimitConfirmation),
        FromChargingStation("NotifyCustomerInformation", Json.NotifyCustomerInformationRequest, Json.NotifyCustomerInformationConfirmation),
        FromChargingStation("NotifyDisplayMessages", Json.NotifyDisplayMessagesRequest, Json.NotifyDisplayMessagesConfirmation),
        FromChargingStation("NotifyEVChargingNeeds", Json.NotifyEVChargingNeedsRequest, Json.NotifyEVChargingNeedsConfirmation),
        FromChargingStation("NotifyEVChargingSchedule", Json.NotifyEVChargingScheduleRequest, Json.NotifyEVChargingScheduleConfirmation),
        FromChargingStation("NotifyEvent", Json.NotifyEventRequest, Json.NotifyEventConfirmation),
        FromChargingStation("NotifyMonitoringReport", Json.NotifyMonitoringReportRequest, Json.NotifyMonitoringReportConfirmation),
        FromChargingStation("NotifyReport", Json.NotifyReportRequest, Json.NotifyReportConfirmation),
        FromChargingStation("PublishFirmwareStatusNotification", Json.PublishFirmwareStatusNotificationRequest, Json.PublishFirmwareStatusNotificationConfirmation),
        FromChargingStation("ReportChargingProfiles", Json.ReportChargingProfilesRequest, Json.ReportChargingProfilesConfirmation),
        FromChargingStation("ReservationStatusUpdate", Json.ReservationStatusUpdateRequest, Json.ReservationStatusUpdateConfirmation),
        FromChargingStation("SecurityEventNotification", Json.SecurityEventNotificationRequest, Json.SecurityEventNotificationConfirmation),
        FromChargingStation("SignCertificate", Json.SignCertificateRequest, Json.SignCertificateConfirmation),
        FromChargingStation("StatusNotification", Json.StatusNotificationRequest, Json.StatusNotificationConfirmation),
        FromChargingStation("TransactionEvent", Json.TransactionEventRequest, Json.TransactionEventConfirmation),

        // Both ways.
        Action("DataTransfer", Json.DataTransferRequest, Json.DataTransferConfirmation, V201ActionDirection.Both),

        // CSMS to charging station.
        FromCsms("CancelReservation", Json.CancelReservationRequest, Json.CancelReservationConfirmation),
        FromCsms("CertificateSigned", Json.CertificateSignedRequest, Json.CertificateSignedConfirmation),
        FromCsms("ChangeAvailability", Json.ChangeAvailabilityRequest, Json.ChangeAvailabilityConfirmation),
        FromCsms("ClearCache", Json.ClearCacheRequest, Json.ClearCacheConfirmation),
        FromCsms("ClearChargingProfile", Json.ClearChargingProfileRequest, Json.ClearChargingProfileConfirmation),
        FromCsms("ClearDisplayMessage", Json.ClearDisplayMessageRequest, Json.ClearDisplayMessageConfirmation),
        FromCsms("ClearVariableMonitoring", Json.ClearVariableMonitoringRequest, Json.ClearVariableMonitoringConfirmation),
        FromCsms("CostUpdated", Json.CostUpdatedRequest, Json.CostUpdatedConfirmation),
        FromCsms("CustomerInformation", Json.CustomerInformationRequest, Json.CustomerInformationConfirmation),
        FromCsms("DeleteCertificate", Json.DeleteCertificateRequest, Json.DeleteCertificateConfirmation),
        FromCsms("GetBaseReport", Json.GetBaseReportRequest, Json.GetBaseReportConfirmation),
        FromCsms("GetChargingProfiles", Json.GetChargingProfilesRequest, Json.GetChargingProfilesConfirmation),
        FromCsms("GetCompositeSchedule", Json.GetCompositeScheduleRequest, Json.GetCompositeScheduleConfirmation),
        FromCsms("GetDisplayMessages", Json.GetDisplayMessagesRequest, Json.GetDisplayMessagesConfirmation),
        FromCsms("GetInstalledCertificateIds", Json.GetInstalledCertificateIdsRequest, Json.GetInstalledCertificateIdsConfirmation),
        FromCsms("GetLocalListVersion", Json.GetLocalListVersionRequest, Json.GetLocalListVersionConfirmation),
        FromCsms("GetLog", Json.GetLogRequest, Json.GetLogConfirmation),
        FromCsms("GetMonitoringReport", Json.GetMonitoringReportRequest, Json.GetMonitoringReportConfirmation),
        FromCsms("GetReport", Json.GetReportRequest, Json.GetReportConfirmation),
        FromCsms("GetTransactionStatus", Json.GetTransactionStatusRequest, Json.GetTransactionStatusConfirmation),
        FromCsms("GetVariables", Json.GetVariablesRequest, Json.GetVariablesConfirmation),
        FromCsms("InstallCertificate", Json.InstallCertificateRequest, Json.InstallCertificateConfirmation),
        FromCsms("PublishFirmware", Json.PublishFirmwareRequest, Json.PublishFirmwareConfirmation),
        FromCsms("RequestStartTransaction", Json.RequestStartTransactionRequest, Json.RequestStartTransactionConfirmation),
        FromCsms("RequestStopTransaction", Json.RequestStopTransactionRequest, Json.RequestStopTransactionConfirmation),
        FromCsms("ReserveNow", Json.ReserveNowRequest, Json.ReserveNowConfirmation),
        FromCsms("Reset", Json.ResetRequest, Json.ResetConfirmation),
        FromCsms("SendLocalList", Json.SendLocalListRequest, Json.SendLocalListConfirmation),
        FromCsms("SetChargingProfile", Json.SetChargingProfileRequest, Json.SetChargingProfileConfirmation),
        FromCsms("SetDisplayMessage", Json.SetDisplayMessageRequest, Json.SetDisplayMessageConfirmation),
        FromCsms("SetMonitoringBase", Json.SetMonitoringBaseRequest, Json.SetMonitoringBaseConfirmation),
        FromCsms("SetMonitoringLevel", Json.SetMonitoringLevelRequest, Json.SetMonitoringLevelConfirmation),
        FromCsms("SetNetworkProfile", Json.SetNetworkProfileRequest, Json.SetNetworkProfileConfirmation),
        FromCsms("SetVariableMonitoring", Json.SetVariableMonitoringRequest, Json.SetVariableMonitoringConfirmation),
        FromCsms("SetVariables", Json.SetVariablesRequest, Json.SetVariablesConfirmation),
        FromCsms("TriggerMessage", Json.TriggerMessageRequest, Json.TriggerMessageConfirmation),
        FromCsms("UnlockConnector", Json.UnlockConnectorRequest, Json.UnlockConnectorConfirmation),
        FromCsms("UnpublishFirmware", Json.UnpublishFirmwareRequest, Json.UnpublishFirmwareConfirmation),
        FromCsms("UpdateFirmware", Json.UpdateFirmwareRequest, Json.UpdateFirmwareConfirmation),
    ];

    private static readonly FrozenDictionary<string, V201Action> ByName = All.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, [NotNullWhen(true)] out V201Action? action) => ByName.TryGetValue(name, out action);

    public static V201Action Get(string name) =>
        TryGet(name, out var action) ? action : throw new ArgumentException($"'{name}' is not an OCPP 2.0.1 action.", nameof(name));

    private static V201Action FromChargingStation<TRequest, TConfirmation>(string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TConfirmation> confirmation) =>
        Action(name, request, confirmation, V201ActionDirection.ChargingStationToCsms);

    private static V201Action FromCsms<TRequest, TConfirmation>(string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TConfirmation> confirmation) =>
        Action(name, request, confirmation, V201ActionDirection.CsmsToChargingStation);

    private static V201Action Action<TRequest, TConfirmation>(string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TConfirmation> confirmation, V201ActionDirection direction) =>
        new(name, request, confirmation, direction);
}
