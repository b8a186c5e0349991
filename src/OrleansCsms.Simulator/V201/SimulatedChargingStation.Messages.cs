using System.Globalization;
using System.Text.Json;
using OrleansCsms.Ocpp.V201;
using V16 = OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Simulator;

/// <summary>The payloads a simulated 2.0.1 station sends.</summary>
public sealed partial class SimulatedChargingStation
{
    private JsonElement BootPayload(BootReasonEnumType reason) => V201Json.ToPayload(new BootNotificationRequest
    {
        Reason = reason,
        ChargingStation = new ChargingStationType
        {
            Model = _settings.Model,
            VendorName = _settings.Vendor,
            SerialNumber = Identity.Length <= 25 ? Identity : Identity[^25..],
            FirmwareVersion = "1.0.0-sim",
        },
    });

    private Task<CallOutcome> SendStatusAsync(int evseId, CancellationToken cancellationToken) =>
        CallAsync("StatusNotification", StatusPayload(evseId), cancellationToken);

    private JsonElement StatusPayload(int evseId) => V201Json.ToPayload(new StatusNotificationRequest
    {
        Timestamp = DateTimeOffset.UtcNow,
        ConnectorStatus = ToConnectorStatus(_connectors[evseId - 1]),
        EvseId = evseId,
        ConnectorId = 1,
    });

    /// <summary>2.0.1 reports only whether a connector is free, occupied, reserved, unavailable or faulted; the charging state travels in TransactionEvents.</summary>
    private static ConnectorStatusEnumType ToConnectorStatus(ConnectorState connector) => connector.Status switch
    {
        V16.ChargePointStatus.Available => ConnectorStatusEnumType.Available,
        V16.ChargePointStatus.Reserved => ConnectorStatusEnumType.Reserved,
        V16.ChargePointStatus.Unavailable => ConnectorStatusEnumType.Unavailable,
        V16.ChargePointStatus.Faulted => ConnectorStatusEnumType.Faulted,
        _ => ConnectorStatusEnumType.Occupied,
    };

    private JsonElement FloodPayload(string action, int iteration)
    {
        var connector = _connectors[iteration % _connectors.Length];
        return action switch
        {
            "StatusNotification" => StatusPayload(connector.Id),
            "MeterValues" => V201Json.ToPayload(new MeterValuesRequest
            {
                EvseId = connector.Id,
                MeterValue = [ToMeterValue(connector.Meter.Sample(connector.Meter.Clock.Advance(TimeSpan.Zero)))],
            }),
            "Authorize" => V201Json.ToPayload(new AuthorizeRequest { IdToken = IdToken(PickIdTag()) }),
            "DataTransfer" => V201Json.ToPayload(new DataTransferRequest
            {
                VendorId = _settings.Vendor,
                MessageId = "Flood",
                Data = JsonElement.Parse($"\"{JsonEncodedText.Encode(Identity)}\""),
            }),
            _ => EmptyPayload,
        };
    }

    private string PickIdTag() => _settings.IdTags[_random.Next(_settings.IdTags.Count)];

    /// <summary>Each connector of the fleet has a driver of its own, as <see cref="SimulatedChargePoint"/> assigns them.</summary>
    private string IdTagOf(ConnectorState connector) =>
        _settings.IdTags[(int)(((((long)Number - 1) * _connectors.Length) + connector.Id - 1) % _settings.IdTags.Count)];

    private static IdTokenType IdToken(string idTag) => new() { IdToken = idTag, Type = IdTokenEnumType.ISO14443 };

    /// <summary>The connector meter's 1.6 sample in 2.0.1 form: numeric values, a unit of measure object, the same measurands.</summary>
    public static MeterValueType ToMeterValue(V16.MeterValue sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return new MeterValueType
        {
            Timestamp = sample.Timestamp,
            SampledValue = [.. sample.SampledValue.Select(value => new SampledValueType
            {
                Value = decimal.Parse(value.Value, NumberStyles.Float, CultureInfo.InvariantCulture),
                Context = value.Context is { } context ? Enum.Parse<ReadingContextEnumType>(context.ToString()) : null,
                Measurand = value.Measurand is { } measurand ? Enum.Parse<MeasurandEnumType>(measurand.ToString()) : null,
                Phase = value.Phase is { } phase ? Enum.Parse<PhaseEnumType>(phase.ToString()) : null,
                Location = value.Location is { } location ? Enum.Parse<LocationEnumType>(location.ToString()) : null,
                UnitOfMeasure = value.Unit is { } unit ? new UnitOfMeasureType { Unit = UnitText(unit) } : null,
            })],
        };
    }

    private static string UnitText(V16.UnitOfMeasure unit) => unit switch
    {
        V16.UnitOfMeasure.Wh => "Wh",
        V16.UnitOfMeasure.W => "W",
        V16.UnitOfMeasure.A => "A",
        V16.UnitOfMeasure.V => "V",
        V16.UnitOfMeasure.Percent => "Percent",
        _ => unit.ToString(),
    };
}
