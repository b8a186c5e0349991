using System.Globalization;

namespace OrleansCsms.Grains;

/// <summary>What is wrong with one field of a request, named as the operator wrote it.</summary>
[GenerateSerializer]
[Alias("csms.FieldError")]
[Immutable]
public sealed record FieldError(string Field, string Message);

/// <summary>
/// The OCPP 1.6 rules a charging profile must keep before it is sent (SetChargingProfile, RemoteStartTransaction),
/// beyond what the message schema says: which purpose goes on which connector, which kind needs which fields, and
/// periods that start at 0 and ascend. Field names are the OCPP ones under <c>prefix</c>.
/// </summary>
public static class ChargingProfileRules
{
    public static IReadOnlyList<FieldError> Check(int connectorId, ChargingProfileDefinition profile, string prefix = "chargingProfile", string connectorField = "connectorId")
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = new List<FieldError>();
        void Check(bool valid, string field, string message)
        {
            if (!valid)
            {
                errors.Add(new FieldError($"{prefix}.{field}", message));
            }
        }

        Check(profile.ChargingProfileId > 0, "chargingProfileId", "Must be 1 or more.");
        Check(profile.StackLevel >= 0, "stackLevel", "Must be 0 or more.");
        if (profile.Purpose == ChargingProfileNames.ChargingStationExternalConstraints)
        {
            // K01.FR.22: external constraints are the station's own or its energy management system's, reported to the CSMS.
            errors.Add(new FieldError($"{prefix}.chargingProfilePurpose", "A ChargingStationExternalConstraints profile is set by the station or its energy management system, never by a CSMS."));
        }
        else
        {
            Check(ChargingProfileNames.Purposes.Contains(profile.Purpose), "chargingProfilePurpose", $"Must be one of: {string.Join(", ", ChargingProfileNames.Purposes)} (or {ChargingProfileNames.ChargingStationMaxProfile}, the OCPP 2.0.1 name of the first).");
        }

        Check(ChargingProfileNames.Kinds.Contains(profile.Kind), "chargingProfileKind", $"Must be one of: {string.Join(", ", ChargingProfileNames.Kinds)}.");

        // Connector 0 is the charge point as a whole: its limit is a ChargePointMaxProfile, and a transaction runs on a real connector.
        if (profile.Purpose == ChargingProfileNames.ChargePointMaxProfile && connectorId != 0)
        {
            errors.Add(new FieldError(connectorField, "A ChargePointMaxProfile is set on connector 0 only."));
        }

        if (profile.Purpose == ChargingProfileNames.TxProfile && connectorId == 0)
        {
            errors.Add(new FieldError(connectorField, "A TxProfile is set on the connector of its transaction, never on 0."));
        }

        Check(profile.TransactionId is null || profile.Purpose == ChargingProfileNames.TxProfile, "transactionId", "Only a TxProfile names a transaction.");
        Check(profile.TransactionId is null or > 0, "transactionId", "Must be 1 or more.");

        if (profile.Kind == ChargingProfileNames.Recurring)
        {
            Check(profile.RecurrencyKind is not null, "recurrencyKind", "Required for a Recurring profile: Daily or Weekly.");
        }
        else
        {
            Check(profile.RecurrencyKind is null, "recurrencyKind", "Only a Recurring profile has one.");
        }

        Check(profile.RecurrencyKind is null || ChargingProfileNames.RecurrencyKinds.Contains(profile.RecurrencyKind), "recurrencyKind", "Must be Daily or Weekly.");
        Check(profile.ValidFrom is null || profile.ValidTo is null || profile.ValidFrom < profile.ValidTo, "validTo", "Must be after validFrom.");
        CheckSchedule(profile, Check);
        return errors;
    }

    private static void CheckSchedule(ChargingProfileDefinition profile, Action<bool, string, string> check)
    {
        var schedule = profile.Schedule;
        if (schedule is null)
        {
            check(false, "chargingSchedule", "Required.");
            return;
        }

        // A Relative profile starts with its transaction; the others from a moment the charge point must be told.
        if (profile.Kind == ChargingProfileNames.Relative)
        {
            check(schedule.StartSchedule is null, "chargingSchedule.startSchedule", "A Relative profile has no startSchedule: it starts with its transaction.");
        }
        else if (profile.Kind is ChargingProfileNames.Absolute or ChargingProfileNames.Recurring)
        {
            check(schedule.StartSchedule is not null, "chargingSchedule.startSchedule", $"Required for an {profile.Kind} profile.");
        }

        check(ChargingProfileNames.RateUnits.Contains(schedule.ChargingRateUnit), "chargingSchedule.chargingRateUnit", "Must be A or W.");
        check(schedule.Duration is null or > 0, "chargingSchedule.duration", "Must be 1 second or more.");
        check(schedule.MinChargingRate is null or >= 0, "chargingSchedule.minChargingRate", "Must be 0 or more.");
        var periods = schedule.Periods ?? [];
        check(periods.Count > 0, "chargingSchedule.chargingSchedulePeriod", "Name at least one period.");
        for (var i = 0; i < periods.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"chargingSchedule.chargingSchedulePeriod[{i}]");
            var period = periods[i];
            if (i == 0)
            {
                check(period.StartPeriod == 0, $"{field}.startPeriod", "The first period starts at 0.");
            }
            else
            {
                check(period.StartPeriod > periods[i - 1].StartPeriod, $"{field}.startPeriod", "Periods ascend by startPeriod.");
            }

            check(period.Limit > 0, $"{field}.limit", "Must be above 0.");
            check(period.NumberPhases is null or >= 1 and <= 3, $"{field}.numberPhases", "Must be 1, 2 or 3.");
            check(period.PhaseToUse is null or >= 1 and <= 3, $"{field}.phaseToUse", "Must be 1, 2 or 3.");
            check(period.PhaseToUse is null || period.NumberPhases == 1, $"{field}.phaseToUse", "Only a period on numberPhases 1 names its phase.");
        }
    }
}
