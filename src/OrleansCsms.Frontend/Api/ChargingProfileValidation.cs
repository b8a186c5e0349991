using System.Globalization;
using OrleansCsms.Grains;
using V16 = OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Checks a charging profile an operator sends: every required field present, the OCPP 1.6 rules
/// (<see cref="ChargingProfileRules"/>), then the official schema of the message that will carry it.
/// </summary>
public static class ChargingProfileValidation
{
    /// <summary>Reads a profile from its body, naming each missing field under <paramref name="field"/>; null when one is missing.</summary>
    public static ChargingProfileDefinition? ChargingProfile(this ValidationErrors errors, string field, ChargingProfileBody? body)
    {
        if (body is null)
        {
            errors.Add(field, "Required.");
            return null;
        }

        var complete = true;
        T? Required<T>(T? value, string name)
            where T : struct
        {
            if (value is null)
            {
                errors.Add($"{field}.{name}", "Required.");
                complete = false;
            }

            return value;
        }

        string? RequiredText(string? value, string name)
        {
            if (value is null)
            {
                errors.Add($"{field}.{name}", "Required.");
                complete = false;
            }

            return value;
        }

        var id = Required(body.ChargingProfileId, "chargingProfileId");
        var stackLevel = Required(body.StackLevel, "stackLevel");
        var purpose = RequiredText(body.ChargingProfilePurpose, "chargingProfilePurpose");
        var kind = RequiredText(body.ChargingProfileKind, "chargingProfileKind");
        var schedule = body.ChargingSchedule;
        if (schedule is null)
        {
            errors.Add($"{field}.chargingSchedule", "Required.");
            return null;
        }

        var unit = RequiredText(schedule.ChargingRateUnit, "chargingSchedule.chargingRateUnit");
        if (schedule.ChargingSchedulePeriod is not { } periodBodies)
        {
            errors.Add($"{field}.chargingSchedule.chargingSchedulePeriod", "Required: at least one period.");
            return null;
        }

        var periods = new List<ChargingSchedulePeriodDefinition>();
        for (var i = 0; i < periodBodies.Count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"chargingSchedule.chargingSchedulePeriod[{i}]");
            if (periodBodies[i] is not { } period)
            {
                errors.Add($"{field}.{name}", "Required: a period, not null.");
                complete = false;
                continue;
            }

            var start = Required(period.StartPeriod, $"{name}.startPeriod");
            var limit = Required(period.Limit, $"{name}.limit");
            periods.Add(new ChargingSchedulePeriodDefinition(start ?? 0, limit ?? 0, period.NumberPhases, period.PhaseToUse));
        }

        if (!complete)
        {
            return null;
        }

        return new ChargingProfileDefinition(
            id!.Value,
            stackLevel!.Value,
            ChargingProfileNames.Canonical(purpose!),
            kind!,
            new ChargingScheduleDefinition(unit!, periods, schedule.Duration, schedule.StartSchedule, schedule.MinChargingRate, schedule.Id),
            body.TransactionId,
            body.RecurrencyKind,
            body.ValidFrom,
            body.ValidTo);
    }

    /// <summary>
    /// Reads the charging profile of a remote start: a TxProfile for the transaction about to start, so without a
    /// transactionId (the charge point does not have one yet), then checked like any profile.
    /// </summary>
    public static ChargingProfileDefinition? RemoteStartProfile(this ValidationErrors errors, RemoteStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var profile = errors.ChargingProfile("chargingProfile", request.ChargingProfile);
        if (profile is null)
        {
            return null;
        }

        errors
            .Check(profile.Purpose == ChargingProfileNames.TxProfile, "chargingProfile.chargingProfilePurpose", "A remote start carries a TxProfile.")
            .Check(profile.TransactionId is null, "chargingProfile.transactionId", "Leave it out: the transaction has not started yet.");
        if (errors.IsValid)
        {
            // The connector the charge point picks, when none is named, is a real one: 1 stands for it in the connector rules.
            errors.Add(ChargingProfileRules.Check(request.ConnectorId ?? 1, profile));
        }

        if (errors.IsValid)
        {
            errors.RemoteStartSchema(request.ConnectorId, request.IdTag!, profile);
        }

        return profile;
    }

    /// <summary>Adds the errors the CSMS found checking a profile against the charge point or the OCPP rules.</summary>
    public static ValidationErrors Add(this ValidationErrors errors, IEnumerable<FieldError> found)
    {
        foreach (var error in found)
        {
            errors.Add(error.Field, error.Message);
        }

        return errors;
    }

    /// <summary>What only OCPP 2.0.1 can say of a profile, refused for a 1.6 charge point.</summary>
    public static ValidationErrors V201OnlyFields(this ValidationErrors errors, ChargingProfileDefinition profile, string field = "chargingProfile")
    {
        ArgumentNullException.ThrowIfNull(profile);
        for (var i = 0; i < profile.Schedule.Periods.Count; i++)
        {
            errors.Check(
                profile.Schedule.Periods[i].PhaseToUse is null,
                string.Create(CultureInfo.InvariantCulture, $"{field}.chargingSchedule.chargingSchedulePeriod[{i}].phaseToUse"),
                "OCPP 1.6 has no phaseToUse; leave it out for this charge point.");
        }

        return errors;
    }

    /// <summary>Checks the SetChargingProfile.req that will carry <paramref name="profile"/> against the official schema.</summary>
    public static ValidationErrors SetChargingProfileSchema(this ValidationErrors errors, int connectorId, ChargingProfileDefinition profile) =>
        errors.Schema(
            "SetChargingProfile",
            V16.V16Json.ToPayload(new V16.SetChargingProfileRequest { ConnectorId = connectorId, CsChargingProfiles = ToV16(profile) }),
            ("csChargingProfiles", "chargingProfile"));

    /// <summary>Checks the RemoteStartTransaction.req that will carry <paramref name="profile"/> against the official schema.</summary>
    public static ValidationErrors RemoteStartSchema(this ValidationErrors errors, int? connectorId, string idTag, ChargingProfileDefinition profile) =>
        errors.Schema(
            "RemoteStartTransaction",
            V16.V16Json.ToPayload(new V16.RemoteStartTransactionRequest { ConnectorId = connectorId, IdTag = idTag, ChargingProfile = ToV16(profile) }),
            ("chargingProfile", "chargingProfile"));

    private static ValidationErrors Schema(this ValidationErrors errors, string action, System.Text.Json.JsonElement payload, (string Wire, string Api) rename)
    {
        var result = V16.V16Schemas.ValidateRequest(action, payload);
        if (result.IsValid)
        {
            return errors;
        }

        // The validator says "path: problem"; the path is given in the request's own terms.
        var separator = result.Description.IndexOf(": ", StringComparison.Ordinal);
        var path = separator > 0 ? result.Description[..separator] : "$";
        var problem = separator > 0 ? result.Description[(separator + 2)..] : result.Description;
        if (path.StartsWith(rename.Wire, StringComparison.Ordinal))
        {
            path = rename.Api + path[rename.Wire.Length..];
        }

        return errors.Add(path, $"Not allowed by the OCPP 1.6 {action} schema: {problem}");
    }

    private static V16.ChargingProfile ToV16(ChargingProfileDefinition profile) => new()
    {
        ChargingProfileId = profile.ChargingProfileId,
        TransactionId = profile.TransactionId,
        StackLevel = profile.StackLevel,
        ChargingProfilePurpose = Enum.Parse<V16.ChargingProfilePurposeType>(profile.Purpose),
        ChargingProfileKind = Enum.Parse<V16.ChargingProfileKindType>(profile.Kind),
        RecurrencyKind = profile.RecurrencyKind is { } recurrency ? Enum.Parse<V16.RecurrencyKindType>(recurrency) : null,
        ValidFrom = profile.ValidFrom,
        ValidTo = profile.ValidTo,
        ChargingSchedule = new V16.ChargingSchedule
        {
            ChargingRateUnit = Enum.Parse<V16.ChargingRateUnitType>(profile.Schedule.ChargingRateUnit),
            ChargingSchedulePeriod = [.. profile.Schedule.Periods.Select(p => new V16.ChargingSchedulePeriod { StartPeriod = p.StartPeriod, Limit = p.Limit, NumberPhases = p.NumberPhases })],
            Duration = profile.Schedule.Duration,
            StartSchedule = profile.Schedule.StartSchedule,
            MinChargingRate = profile.Schedule.MinChargingRate,
        },
    };
}
