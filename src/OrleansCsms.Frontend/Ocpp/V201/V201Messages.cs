using System.Globalization;
using OrleansCsms.Ocpp.V201;
using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>Maps OCPP 2.0.1 message parts to the version-independent domain and back.</summary>
internal static class V201Messages
{
    public static Domain.TransactionEventReport ToDomain(TransactionEventRequest request)
    {
        var info = request.TransactionInfo;
        return new Domain.TransactionEventReport(
            info.TransactionId,
            OcppWireNames.Of(request.EventType),
            request.Timestamp,
            OcppWireNames.Of(request.TriggerReason),
            request.SeqNo,
            request.Offline ?? false,
            request.Evse?.Id,
            request.Evse?.ConnectorId,
            request.IdToken?.IdToken,
            OcppWireNames.Of(request.IdToken?.Type),
            request.MeterValue is { } meterValues ? ToDomain(meterValues) : [],
            OcppWireNames.Of(info.ChargingState),
            OcppWireNames.Of(info.StoppedReason),
            info.RemoteStartId,
            request.ReservationId,
            info.TimeSpentCharging);
    }

    /// <summary>
    /// Readings as the domain keeps them: the value scaled by its unit's power-of-ten multiplier, so that a register
    /// in Wh with multiplier 3 counts as the kWh it is. A signed reading keeps both its raw value and the meter's signed data.
    /// </summary>
    public static List<Domain.MeterValue> ToDomain(IReadOnlyList<MeterValueType> meterValues) =>
        [.. meterValues.Select(m => new Domain.MeterValue(m.Timestamp, [.. m.SampledValue.Select(s => new Domain.SampledValue(
            Scaled(s.Value, s.UnitOfMeasure?.Multiplier).ToString(CultureInfo.InvariantCulture),
            OcppWireNames.Of(s.Context),
            "Raw",
            OcppWireNames.Of(s.Measurand),
            OcppWireNames.Of(s.Phase),
            OcppWireNames.Of(s.Location),
            s.UnitOfMeasure?.Unit ?? DefaultUnit(OcppWireNames.Of(s.Measurand)),
            s.SignedMeterValue is { } signed
                ? new Domain.SignedMeterValue(signed.SignedMeterData, signed.SigningMethod, signed.EncodingMethod, signed.PublicKey)
                : null))]))];

    /// <summary>
    /// The session's final cost in words for the station's display (I03), e.g. "Total 4.20 EUR"; null while it runs,
    /// when totalCost alone carries the running cost (I02).
    /// </summary>
    public static MessageContentType? CostMessage(Domain.TransactionCost? cost) => cost is { Final: true }
        ? new MessageContentType { Format = MessageFormatEnumType.UTF8, Content = string.Create(CultureInfo.InvariantCulture, $"Total {cost.Total:0.00} {cost.Currency}") }
        : null;

    public static IdTokenInfoType ToIdTokenInfo(Domain.IdTagInfo info) => new()
    {
        Status = Enum.Parse<AuthorizationStatusEnumType>(info.Status),
        CacheExpiryDateTime = info.ExpiryDate,
        GroupIdToken = info.ParentIdTag is { } parent ? new IdTokenType { IdToken = parent, Type = IdTokenEnumType.Central } : null,
        PersonalMessage = info.PersonalMessage is { } message
            ? new MessageContentType { Format = MessageFormatEnumType.UTF8, Language = info.PersonalMessageLanguage, Content = message }
            : null,
    };

    private static decimal Scaled(decimal value, int? multiplier) => multiplier switch
    {
        null or 0 => value,
        > 0 => value * Pow10(multiplier.Value),
        < 0 => value / Pow10(-multiplier.Value),
    };

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    // 2.0.1 leaves the unit out when it is the measurand's default: Wh for energy, as 1.6 does.
    private static string? DefaultUnit(string? measurand) =>
        measurand is null || measurand.StartsWith("Energy.Active", StringComparison.Ordinal) ? "Wh" : null;
}
