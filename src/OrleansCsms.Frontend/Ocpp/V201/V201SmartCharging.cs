using System.Text.Json;
using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>
/// The station-to-CSMS calls of OCPP 2.0.1 smart charging (block K), handed to the station's charging profiles grain,
/// which answers after it has stored what it heard.
/// </summary>
internal static class V201SmartCharging
{
    public static async Task<JsonElement> ReportChargingProfilesAsync(IGrainFactory grains, ChargePointLink link, ReportChargingProfilesRequest request)
    {
        await Profiles(grains, link).RecordReportAsync(new Domain.ChargingProfilesReportPart(
            request.RequestId, request.EvseId, OcppWireNames.Of(request.ChargingLimitSource), [.. request.ChargingProfile.Select(ToDomain)], request.Tbc ?? false));
        return V201Json.ToPayload(new ReportChargingProfilesConfirmation());
    }

    public static async Task<JsonElement> NotifyChargingLimitAsync(IGrainFactory grains, ChargePointLink link, NotifyChargingLimitRequest request, DateTimeOffset now)
    {
        await Profiles(grains, link).RecordLimitAsync(new Domain.ExternalChargingLimit(
            OcppWireNames.Of(request.ChargingLimit.ChargingLimitSource),
            request.EvseId,
            request.ChargingLimit.IsGridCritical,
            [.. (request.ChargingSchedule ?? []).Select(ToDomain)],
            now));
        return V201Json.ToPayload(new NotifyChargingLimitConfirmation());
    }

    public static async Task<JsonElement> ClearedChargingLimitAsync(IGrainFactory grains, ChargePointLink link, ClearedChargingLimitRequest request)
    {
        await Profiles(grains, link).ClearLimitAsync(OcppWireNames.Of(request.ChargingLimitSource), request.EvseId);
        return V201Json.ToPayload(new ClearedChargingLimitConfirmation());
    }

    public static async Task<JsonElement> NotifyEvChargingNeedsAsync(IGrainFactory grains, ChargePointLink link, NotifyEVChargingNeedsRequest request)
    {
        var needs = request.ChargingNeeds;
        var status = await Profiles(grains, link).HearEvChargingNeedsAsync(new Domain.EvChargingNeeds(
            request.EvseId,
            OcppWireNames.Of(needs.RequestedEnergyTransfer),
            needs.DepartureTime,
            needs.AcChargingParameters?.EnergyAmount ?? needs.DcChargingParameters?.EnergyAmount,
            needs.AcChargingParameters?.EvMinCurrent,
            needs.AcChargingParameters?.EvMaxCurrent ?? needs.DcChargingParameters?.EvMaxCurrent,
            needs.AcChargingParameters?.EvMaxVoltage ?? needs.DcChargingParameters?.EvMaxVoltage,
            needs.DcChargingParameters?.EvMaxPower,
            needs.DcChargingParameters?.StateOfCharge,
            request.MaxScheduleTuples));
        return V201Json.ToPayload(new NotifyEVChargingNeedsConfirmation { Status = Enum.Parse<NotifyEVChargingNeedsStatusEnumType>(status) });
    }

    public static async Task<JsonElement> NotifyEvChargingScheduleAsync(IGrainFactory grains, ChargePointLink link, NotifyEVChargingScheduleRequest request)
    {
        var status = await Profiles(grains, link).HearEvChargingScheduleAsync(request.EvseId, request.TimeBase, ToDomain(request.ChargingSchedule));
        return V201Json.ToPayload(new NotifyEVChargingScheduleConfirmation { Status = Enum.Parse<GenericStatusEnumType>(status) });
    }

    private static Domain.IChargingProfilesGrain Profiles(IGrainFactory grains, ChargePointLink link) => grains.GetGrain<Domain.IChargingProfilesGrain>(link.Id);

    private static Domain.ChargingProfileDefinition ToDomain(ChargingProfileType profile) => new(
        profile.Id,
        profile.StackLevel,
        Domain.ChargingProfileNames.Canonical(OcppWireNames.Of(profile.ChargingProfilePurpose)),
        OcppWireNames.Of(profile.ChargingProfileKind),

        // A 2.0.1 profile may hold up to three schedules (one per unit the station can use); the first is the one in force.
        ToDomain(profile.ChargingSchedule[0]),
        RecurrencyKind: profile.RecurrencyKind is { } recurrency ? OcppWireNames.Of(recurrency) : null,
        ValidFrom: profile.ValidFrom,
        ValidTo: profile.ValidTo,
        StationTransactionId: profile.TransactionId);

    private static Domain.ChargingScheduleDefinition ToDomain(ChargingScheduleType schedule) => new(
        OcppWireNames.Of(schedule.ChargingRateUnit),
        [.. schedule.ChargingSchedulePeriod.Select(p => new Domain.ChargingSchedulePeriodDefinition(p.StartPeriod, p.Limit, p.NumberPhases, p.PhaseToUse))],
        schedule.Duration,
        schedule.StartSchedule,
        schedule.MinChargingRate,
        schedule.Id);
}
