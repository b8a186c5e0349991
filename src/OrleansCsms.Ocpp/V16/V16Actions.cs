using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;

namespace OrleansCsms.Ocpp.V16;

/// <summary>The catalogue of 1.6 actions, core profile and security extension alike.</summary>
public static class V16Actions
{
    private static readonly V16JsonContext Json = V16JsonContext.Default;

    /// <summary>Every action, in the order of the specification's message list.</summary>
    public static IReadOnlyList<V16Action> All { get; } =
    [
        // Charge point to central system.
        FromChargePoint("Authorize", Json.AuthorizeRequest, Json.AuthorizeConfirmation),
        FromChargePoint("BootNotification", Json.BootNotificationRequest, Json.BootNotificationConfirmation),
        Action("DataTransfer", Json.DataTransferRequest, Json.DataTransferConfirmation, V16ActionDirection.Both),
        FromChargePoint("DiagnosticsStatusNotification", Json.DiagnosticsStatusNotificationRequest, Json.DiagnosticsStatusNotificationConfirmation),
        FromChargePoint("FirmwareStatusNotification", Json.FirmwareStatusNotificationRequest, Json.FirmwareStatusNotificationConfirmation),
        FromChargePoint("Heartbeat", Json.HeartbeatRequest, Json.HeartbeatConfirmation),
        FromChargePoint("MeterValues", Json.MeterValuesRequest, Json.MeterValuesConfirmation),
        FromChargePoint("StartTransaction", Json.StartTransactionRequest, Json.StartTransactionConfirmation),
        FromChargePoint("StatusNotification", Json.StatusNotificationRequest, Json.StatusNotificationConfirmation),
        FromChargePoint("StopTransaction", Json.StopTransactionRequest, Json.StopTransactionConfirmation),

        // Central system to charge point.
        FromCentralSystem("CancelReservation", Json.CancelReservationRequest, Json.CancelReservationConfirmation),
        FromCentralSystem("ChangeAvailability", Json.ChangeAvailabilityRequest, Json.ChangeAvailabilityConfirmation),
        FromCentralSystem("ChangeConfiguration", Json.ChangeConfigurationRequest, Json.ChangeConfigurationConfirmation),
        FromCentralSystem("ClearCache", Json.ClearCacheRequest, Json.ClearCacheConfirmation),
        FromCentralSystem("ClearChargingProfile", Json.ClearChargingProfileRequest, Json.ClearChargingProfileConfirmation),
        FromCentralSystem("GetCompositeSchedule", Json.GetCompositeScheduleRequest, Json.GetCompositeScheduleConfirmation),
        FromCentralSystem("GetConfiguration", Json.GetConfigurationRequest, Json.GetConfigurationConfirmation),
        FromCentralSystem("GetDiagnostics", Json.GetDiagnosticsRequest, Json.GetDiagnosticsConfirmation),
        FromCentralSystem("GetLocalListVersion", Json.GetLocalListVersionRequest, Json.GetLocalListVersionConfirmation),
        FromCentralSystem("RemoteStartTransaction", Json.RemoteStartTransactionRequest, Json.RemoteStartTransactionConfirmation),
        FromCentralSystem("RemoteStopTransaction", Json.RemoteStopTransactionRequest, Json.RemoteStopTransactionConfirmation),
        FromCentralSystem("ReserveNow", Json.ReserveNowRequest, Json.ReserveNowConfirmation),
        FromCentralSystem("Reset", Json.ResetRequest, Json.ResetConfirmation),
        FromCentralSystem("SendLocalList", Json.SendLocalListRequest, Json.SendLocalListConfirmation),
        FromCentralSystem("SetChargingProfile", Json.SetChargingProfileRequest, Json.SetChargingProfileConfirmation),
        FromCentralSystem("TriggerMessage", Json.TriggerMessageRequest, Json.TriggerMessageConfirmation),
        FromCentralSystem("UnlockConnector", Json.UnlockConnectorRequest, Json.UnlockConnectorConfirmation),
        FromCentralSystem("UpdateFirmware", Json.UpdateFirmwareRequest, Json.UpdateFirmwareConfirmation),

        // Security extension, charge point to central system.
        FromChargePoint("LogStatusNotification", Json.LogStatusNotificationRequest, Json.LogStatusNotificationConfirmation),
        FromChargePoint("SecurityEventNotification", Json.SecurityEventNotificationRequest, Json.SecurityEventNotificationConfirmation),
        FromChargePoint("SignCertificate", Json.SignCertificateRequest, Json.SignCertificateConfirmation),
        FromChargePoint("SignedFirmwareStatusNotification", Json.SignedFirmwareStatusNotificationRequest, Json.SignedFirmwareStatusNotificationConfirmation),

        // Security extension, central system to charge point.
        FromCentralSystem("CertificateSigned", Json.CertificateSignedRequest, Json.CertificateSignedConfirmation),
        FromCentralSystem("DeleteCertificate", Json.DeleteCertificateRequest, Json.DeleteCertificateConfirmation),
        FromCentralSystem("ExtendedTriggerMessage", Json.ExtendedTriggerMessageRequest, Json.ExtendedTriggerMessageConfirmation),
        FromCentralSystem("GetInstalledCertificateIds", Json.GetInstalledCertificateIdsRequest, Json.GetInstalledCertificateIdsConfirmation),
        FromCentralSystem("GetLog", Json.GetLogRequest, Json.GetLogConfirmation),
        FromCentralSystem("InstallCertificate", Json.InstallCertificateRequest, Json.InstallCertificateConfirmation),
        FromCentralSystem("SignedUpdateFirmware", Json.SignedUpdateFirmwareRequest, Json.SignedUpdateFirmwareConfirmation),
    ];

    private static readonly FrozenDictionary<string, V16Action> ByName = All.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, [NotNullWhen(true)] out V16Action? action) => ByName.TryGetValue(name, out action);

    public static V16Action Get(string name) =>
        TryGet(name, out var action) ? action : throw new ArgumentException($"'{name}' is not an OCPP 1.6 action.", nameof(name));

    private static V16Action FromChargePoint<TRequest, TConfirmation>(string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TConfirmation> confirmation) =>
        Action(name, request, confirmation, V16ActionDirection.ChargePointToCentralSystem);

    private static V16Action FromCentralSystem<TRequest, TConfirmation>(string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TConfirmation> confirmation) =>
        Action(name, request, confirmation, V16ActionDirection.CentralSystemToChargePoint);

    private static V16Action Action<TRequest, TConfirmation>(string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TConfirmation> confirmation, V16ActionDirection direction) =>
        new(name, request, confirmation, direction);
}
