using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Ocpp.Tests.V16;

public sealed class TypedModelTests
{
    [Theory]
    [MemberData(nameof(OfficialSchemas.V16Ids), MemberType = typeof(OfficialSchemas))]
    public void The_fullest_and_the_barest_valid_payload_of_every_schema_survive_the_typed_model_unchanged(string id)
    {
        var schema = OfficialSchemas.Get(id);
        var action = V16Actions.Get(schema.Action);
        var typeInfo = schema.IsRequest ? action.RequestTypeInfo : action.ConfirmationTypeInfo;

        foreach (var sample in new[] { SchemaSamples.Maximal(schema), SchemaSamples.Minimal(schema) })
        {
            var wire = sample.ToJsonString();
            var validation = schema.Validate(sample);
            Assert.True(validation.IsValid, $"Expected the sample {wire} to be valid for {id}, but got {validation}.");

            var typed = JsonSerializer.Deserialize(wire, typeInfo);
            var written = JsonSerializer.Serialize(typed, typeInfo);

            Expect.Equal(wire, written, $"the {id} payload written back from {typeInfo.Type.Name}");
        }
    }

    [Fact]
    public void Meter_values_serialize_with_the_exact_wire_names_and_omit_absent_fields()
    {
        var request = new MeterValuesRequest
        {
            ConnectorId = 1,
            MeterValue =
            [
                new MeterValue
                {
                    Timestamp = new DateTimeOffset(2025, 1, 15, 11, 15, 0, TimeSpan.FromHours(1)),
                    SampledValue =
                    [
                        new SampledValue
                        {
                            Value = "123789",
                            Context = ReadingContext.SamplePeriodic,
                            Measurand = Measurand.EnergyActiveImportRegister,
                            Phase = Phase.L1N,
                            Location = Location.Outlet,
                            Unit = UnitOfMeasure.KWh,
                        },
                    ],
                },
            ],
        };

        var json = JsonSerializer.Serialize(request, V16JsonContext.Default.MeterValuesRequest);

        Expect.Equal(
            """{"connectorId":1,"meterValue":[{"timestamp":"2025-01-15T10:15:00Z","sampledValue":[{"value":"123789","context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","phase":"L1-N","location":"Outlet","unit":"kWh"}]}]}""",
            json,
            "the serialized MeterValues.req");
    }

    [Fact]
    public void A_status_notification_reads_its_enums_from_their_wire_strings()
    {
        var request = V16Json.FromPayload<StatusNotificationRequest>(CoreSamples.RequestElement("StatusNotification"));

        Expect.Equal(ChargePointStatus.SuspendedEVSE, request.Status, "the connector status");
        Expect.Equal(ChargePointErrorCode.NoError, request.ErrorCode, "the connector error code");
        Expect.Equal<DateTimeOffset?>(new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero), request.Timestamp, "the timestamp");
    }

    [Fact]
    public void Every_value_of_every_enum_is_written_as_a_string_the_schemas_allow()
    {
        var allowed = new HashSet<string>();
        foreach (var schema in OfficialSchemas.V16)
        {
            CollectEnumValues(schema.Root, allowed);
        }

        var enums = typeof(V16Actions).Assembly.GetTypes().Where(t => t.IsEnum && t.Namespace == typeof(V16Actions).Namespace && t != typeof(V16ActionDirection));
        foreach (var type in enums)
        {
            var typeInfo = V16JsonContext.Default.GetTypeInfo(type)!;
            foreach (var value in Enum.GetValues(type))
            {
                var wire = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, typeInfo))!;
                Assert.True(allowed.Contains(wire), $"Expected {type.Name}.{value} to be written as a schema enum value, but it was '{wire}'.");
                Expect.Equal(value, JsonSerializer.Deserialize($"\"{wire}\"", typeInfo), $"{type.Name} read back from '{wire}'");
            }
        }
    }

    [Fact]
    public void An_enum_given_as_a_number_is_refused()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"status":0}""", V16JsonContext.Default.DiagnosticsStatusNotificationRequest));
    }

    [Fact]
    public void A_missing_required_field_is_refused_by_the_typed_model_too()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"chargePointVendor":"VendorX"}""", V16JsonContext.Default.BootNotificationRequest));
    }

    [Fact]
    public void A_date_without_an_offset_is_read_as_utc()
    {
        var confirmation = JsonSerializer.Deserialize("""{"currentTime":"2025-01-15T10:00:00"}""", V16JsonContext.Default.HeartbeatConfirmation)!;

        Expect.Equal(new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero), confirmation.CurrentTime, "the offset-less time read as UTC");
        Expect.Equal(TimeSpan.Zero, confirmation.CurrentTime.Offset, "the offset of an offset-less time");
    }

    [Fact]
    public void A_typed_confirmation_becomes_a_call_result_frame()
    {
        var confirmation = new BootNotificationConfirmation
        {
            Status = RegistrationStatus.Accepted,
            CurrentTime = new DateTimeOffset(2025, 1, 15, 10, 0, 0, 250, TimeSpan.Zero),
            Interval = 300,
        };

        var frame = OcppFrameWriter.ToBytes(new OcppCallResult("19223201", V16Json.ToPayload(confirmation)), OcppVersion.V16);

        Expect.Equal(
            """[3,"19223201",{"status":"Accepted","currentTime":"2025-01-15T10:00:00.250Z","interval":300}]""",
            System.Text.Encoding.UTF8.GetString(frame),
            "the CALLRESULT frame");
    }

    private static void CollectEnumValues(JsonNode? node, HashSet<string> values)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["enum"] is JsonArray list)
                {
                    values.UnionWith(list.Select(v => v!.GetValue<string>()));
                }

                foreach (var (_, child) in obj)
                {
                    CollectEnumValues(child, values);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    CollectEnumValues(child, values);
                }

                break;
        }
    }
}
