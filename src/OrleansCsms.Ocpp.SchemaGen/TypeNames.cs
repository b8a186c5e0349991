namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>
/// C# names for the objects and enums that the 1.6 schemas declare inline, taken from the type
/// names of the OCPP 1.6 specification. Types the schemas name themselves (under "definitions")
/// keep that name.
/// </summary>
internal static class TypeNames
{
    // "Owner.property" wins over a bare "property"; the owner is the C# type holding the property.
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["idTagInfo"] = "IdTagInfo",
        ["IdTagInfo.status"] = "AuthorizationStatus",
        ["localAuthorizationList"] = "AuthorizationData",
        ["configurationKey"] = "KeyValue",
        ["chargingProfile"] = "ChargingProfile",
        ["csChargingProfiles"] = "ChargingProfile",
        ["chargingSchedule"] = "ChargingSchedule",
        ["chargingSchedulePeriod"] = "ChargingSchedulePeriod",
        ["chargingProfilePurpose"] = "ChargingProfilePurposeType",
        ["chargingProfileKind"] = "ChargingProfileKindType",
        ["recurrencyKind"] = "RecurrencyKindType",
        ["chargingRateUnit"] = "ChargingRateUnitType",
        ["meterValue"] = "MeterValue",
        ["transactionData"] = "MeterValue",
        ["sampledValue"] = "SampledValue",
        ["SampledValue.context"] = "ReadingContext",
        ["SampledValue.format"] = "ValueFormat",
        ["SampledValue.measurand"] = "Measurand",
        ["SampledValue.phase"] = "Phase",
        ["SampledValue.location"] = "Location",
        ["SampledValue.unit"] = "UnitOfMeasure",
        ["BootNotificationConfirmation.status"] = "RegistrationStatus",
        ["CancelReservationConfirmation.status"] = "CancelReservationStatus",
        ["ChangeAvailabilityRequest.type"] = "AvailabilityType",
        ["ChangeAvailabilityConfirmation.status"] = "AvailabilityStatus",
        ["ChangeConfigurationConfirmation.status"] = "ConfigurationStatus",
        ["ClearCacheConfirmation.status"] = "ClearCacheStatus",
        ["ClearChargingProfileConfirmation.status"] = "ClearChargingProfileStatus",
        ["DataTransferConfirmation.status"] = "DataTransferStatus",
        ["DiagnosticsStatusNotificationRequest.status"] = "DiagnosticsStatus",
        ["FirmwareStatusNotificationRequest.status"] = "FirmwareStatus",
        ["GetCompositeScheduleConfirmation.status"] = "GetCompositeScheduleStatus",
        ["RemoteStartTransactionConfirmation.status"] = "RemoteStartStopStatus",
        ["RemoteStopTransactionConfirmation.status"] = "RemoteStartStopStatus",
        ["ReserveNowConfirmation.status"] = "ReservationStatus",
        ["ResetRequest.type"] = "ResetType",
        ["ResetConfirmation.status"] = "ResetStatus",
        ["SendLocalListRequest.updateType"] = "UpdateType",
        ["SendLocalListConfirmation.status"] = "UpdateStatus",
        ["SetChargingProfileConfirmation.status"] = "ChargingProfileStatus",
        ["StatusNotificationRequest.errorCode"] = "ChargePointErrorCode",
        ["StatusNotificationRequest.status"] = "ChargePointStatus",
        ["StopTransactionRequest.reason"] = "Reason",
        ["TriggerMessageRequest.requestedMessage"] = "MessageTrigger",
        ["TriggerMessageConfirmation.status"] = "TriggerMessageStatus",
        ["UnlockConnectorConfirmation.status"] = "UnlockStatus",
    };

    public static string For(string owner, string property) =>
        Names.TryGetValue($"{owner}.{property}", out var name) || Names.TryGetValue(property, out name)
            ? name
            : throw new SchemaException(
                $"No C# name for the type of {owner}.{property}; add one to {nameof(TypeNames)}.");
}
