using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Ocpp.Tests.V201;

public sealed class V201TypedModelTests
{
    [Theory]
    [MemberData(nameof(OfficialSchemas.V201Ids), MemberType = typeof(OfficialSchemas))]
    public void The_fullest_and_the_barest_valid_payload_of_every_schema_survive_the_typed_model_unchanged(string id)
    {
        var schema = OfficialSchemas.GetV201(id);
        var action = V201Actions.Get(schema.Action);
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

    [Theory]
    [MemberData(nameof(V201Samples.ActionData), MemberType = typeof(V201Samples))]
    public void A_realistic_request_survives_the_typed_model_and_stays_valid(string action)
    {
        var typeInfo = V201Actions.Get(action).RequestTypeInfo;
        var typed = V201Samples.RequestElement(action).Deserialize(typeInfo);

        var written = JsonSerializer.SerializeToElement(typed, typeInfo);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(V201Samples.RequestElement(action).GetRawText()), JsonNode.Parse(written.GetRawText())),
            $"Expected {action}.req to be written back as read, but got {written.GetRawText()}.");
        var validation = V201Schemas.ValidateRequest(action, written);
        Assert.True(validation.IsValid, $"Expected the written {action}.req to stay valid, but got {validation}.");
    }

    [Fact]
    public void A_transaction_event_serializes_with_the_exact_wire_names_and_omits_absent_fields()
    {
        var request = new TransactionEventRequest
        {
            EventType = TransactionEventEnumType.Started,
            Timestamp = new DateTimeOffset(2025, 1, 15, 11, 0, 0, TimeSpan.FromHours(1)),
            TriggerReason = TriggerReasonEnumType.CablePluggedIn,
            SeqNo = 0,
            TransactionInfo = new TransactionType { TransactionId = "tx-1", ChargingState = ChargingStateEnumType.EVConnected },
            Evse = new EVSEType { Id = 1, ConnectorId = 1 },
            MeterValue =
            [
                new MeterValueType
                {
                    Timestamp = new DateTimeOffset(2025, 1, 15, 10, 0, 0, TimeSpan.Zero),
                    SampledValue =
                    [
                        new SampledValueType
                        {
                            Value = 1234.5m,
                            Context = ReadingContextEnumType.TransactionBegin,
                            Measurand = MeasurandEnumType.EnergyActiveImportRegister,
                            UnitOfMeasure = new UnitOfMeasureType { Unit = "Wh" },
                        },
                    ],
                },
            ],
        };

        var json = JsonSerializer.Serialize(request, V201JsonContext.Default.TransactionEventRequest);

        Expect.Equal(
            """{"eventType":"Started","meterValue":[{"sampledValue":[{"value":1234.5,"context":"Transaction.Begin","measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh"}}],"timestamp":"2025-01-15T10:00:00Z"}],"timestamp":"2025-01-15T10:00:00Z","triggerReason":"CablePluggedIn","seqNo":0,"transactionInfo":{"transactionId":"tx-1","chargingState":"EVConnected"},"evse":{"id":1,"connectorId":1}}""",
            json,
            "the serialized TransactionEvent.req");
        Assert.True(V201Schemas.ValidateRequest("TransactionEvent", JsonElement.Parse(json)).IsValid, "Expected the typed TransactionEvent.req to be valid.");
    }

    [Fact]
    public void Data_transfer_data_carries_any_json_value()
    {
        var request = V201Json.FromPayload<DataTransferRequest>(V201Samples.RequestElement("DataTransfer"));

        Expect.Equal(JsonValueKind.Object, request.Data?.ValueKind, "the kind of the data read from the request");
        Expect.Equal("DE-ABC-123", request.Data?.GetProperty("contract").GetString(), "the contract inside the data");
    }

    [Fact]
    public void Every_value_of_every_enum_is_written_as_a_string_the_schemas_allow()
    {
        var allowed = new HashSet<string>();
        foreach (var schema in OfficialSchemas.V201)
        {
            CollectEnumValues(schema.Root, allowed);
        }

        var enums = typeof(V201Actions).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.Namespace == typeof(V201Actions).Namespace && t != typeof(V201ActionDirection))
            .ToList();
        Assert.True(enums.Count > 50, $"Expected the 2.0.1 enums to number over fifty, but found {enums.Count}.");
        foreach (var type in enums)
        {
            var typeInfo = V201JsonContext.Default.GetTypeInfo(type)!;
            foreach (var value in Enum.GetValues(type))
            {
                var wire = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value, typeInfo))!;
                Assert.True(allowed.Contains(wire), $"Expected {type.Name}.{value} to be written as a schema enum value, but it was '{wire}'.");
                Expect.Equal(value, JsonSerializer.Deserialize($"\"{wire}\"", typeInfo), $"{type.Name} read back from '{wire}'");
            }
        }
    }

    [Fact]
    public void A_typed_confirmation_becomes_a_call_result_frame()
    {
        var confirmation = new BootNotificationConfirmation
        {
            Status = RegistrationStatusEnumType.Accepted,
            CurrentTime = new DateTimeOffset(2025, 1, 15, 10, 0, 0, 250, TimeSpan.Zero),
            Interval = 300,
        };

        var frame = OcppFrameWriter.ToBytes(new OcppCallResult("19223201", V201Json.ToPayload(confirmation)), OcppVersion.V201);

        Expect.Equal(
            """[3,"19223201",{"currentTime":"2025-01-15T10:00:00.250Z","interval":300,"status":"Accepted"}]""",
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
