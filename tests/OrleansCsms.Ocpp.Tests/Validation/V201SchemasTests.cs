using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Ocpp.Tests.Validation;

public sealed class V201SchemasTests
{
    [Theory]
    [MemberData(nameof(V201Samples.ActionData), MemberType = typeof(V201Samples))]
    public void A_realistic_charging_station_request_is_valid(string action)
    {
        var result = V201Schemas.ValidateRequest(action, V201Samples.RequestElement(action));

        Assert.True(result.IsValid, $"Expected the sample {action}.req to be valid, but got {result}.");
    }

    [Theory]
    [InlineData("BootNotification", """{"currentTime":"2025-01-15T10:00:00Z","interval":300,"status":"Pending","statusInfo":{"reasonCode":"NotProvisioned"}}""")]
    [InlineData("Heartbeat", """{"currentTime":"2025-01-15T10:00:00.123Z"}""")]
    [InlineData("Authorize", """{"idTokenInfo":{"status":"Accepted","cacheExpiryDateTime":"2025-12-31T23:59:59Z","groupIdToken":{"idToken":"FLEET-1","type":"Central"}}}""")]
    [InlineData("TransactionEvent", """{"totalCost":12.34,"chargingPriority":0,"idTokenInfo":{"status":"Accepted"},"updatedPersonalMessage":{"format":"UTF8","content":"Welcome"}}""")]
    [InlineData("TransactionEvent", "{}")]
    [InlineData("StatusNotification", "{}")]
    [InlineData("DataTransfer", """{"status":"Accepted","data":[1,"two",{"three":3}]}""")]
    public void A_realistic_csms_confirmation_is_valid(string action, string payload)
    {
        var result = V201Schemas.ValidateConfirmation(action, JsonElement.Parse(payload));

        Assert.True(result.IsValid, $"Expected the {action}.conf {payload} to be valid, but got {result}.");
    }

    [Theory]
    [InlineData("RequestStartTransaction", """{"idToken":{"idToken":"04A2B3C4","type":"ISO14443"},"remoteStartId":42,"evseId":1}""")]
    [InlineData("RequestStopTransaction", """{"transactionId":"5c9f3c0e-6f1d-4c1e-9d35-0c1a3e2b7f10"}""")]
    [InlineData("GetVariables", """{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"},"attributeType":"Actual"}]}""")]
    [InlineData("SetVariables", """{"setVariableData":[{"component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"},"attributeValue":"s3cr3t-s3cr3t-s3cr3t"}]}""")]
    [InlineData("Reset", """{"type":"OnIdle","evseId":1}""")]
    [InlineData("TriggerMessage", """{"requestedMessage":"StatusNotification","evse":{"id":1,"connectorId":1}}""")]
    public void A_realistic_csms_request_is_valid(string action, string payload)
    {
        var result = V201Schemas.ValidateRequest(action, JsonElement.Parse(payload));

        Assert.True(result.IsValid, $"Expected the {action}.req {payload} to be valid, but got {result}.");
    }

    [Fact]
    public void More_array_items_than_max_items_allows_is_an_occurrence_violation()
    {
        var payload = JsonElement.Parse("""{"componentCriteria":["Active","Available","Enabled","Problem","Active"],"requestId":1}""");

        var result = V201Schemas.ValidateRequest("GetReport", payload);

        ExpectViolation(result, OcppErrorCode.OccurrenceConstraintViolation, "componentCriteria: has 5 items but allows at most 4");
        Expect.Equal("OccurrenceConstraintViolation", OcppErrorCodes.ToWire(result.Code, OcppVersion.V201), "the 2.0.1 wire spelling of the code");
    }

    [Fact]
    public void Exactly_max_items_is_valid()
    {
        var payload = JsonElement.Parse("""{"componentCriteria":["Active","Available","Enabled","Problem"],"requestId":1}""");

        var result = V201Schemas.ValidateRequest("GetReport", payload);

        Assert.True(result.IsValid, $"Expected four component criteria (maxItems 4) to be valid, but got {result}.");
    }

    [Theory]
    [InlineData(-1, "chargingNeeds.dcChargingParameters.stateOfCharge: -1 is below the minimum 0")]
    [InlineData(101, "chargingNeeds.dcChargingParameters.stateOfCharge: 101 is above the maximum 100")]
    public void An_integer_outside_its_minimum_or_maximum_is_a_property_constraint_violation(int stateOfCharge, string description)
    {
        var result = V201Schemas.ValidateRequest("NotifyEVChargingNeeds", EvChargingNeeds(stateOfCharge));

        ExpectViolation(result, OcppErrorCode.PropertyConstraintViolation, description);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void The_bounds_themselves_are_valid(int stateOfCharge)
    {
        var result = V201Schemas.ValidateRequest("NotifyEVChargingNeeds", EvChargingNeeds(stateOfCharge));

        Assert.True(result.IsValid, $"Expected a state of charge of {stateOfCharge} (minimum 0, maximum 100) to be valid, but got {result}.");
    }

    [Fact]
    public void An_undeclared_property_is_refused_even_beside_custom_data()
    {
        var payload = V201Samples.Request("BootNotification");
        payload["customData"] = new JsonObject { ["vendorId"] = "com.vendorx", ["anything"] = 1 };
        Assert.True(Validate("BootNotification", payload).IsValid, "Expected customData to take vendor properties.");

        payload["chargePointVendor"] = "VendorX";

        ExpectViolation(Validate("BootNotification", payload), OcppErrorCode.PropertyConstraintViolation,
            "chargePointVendor: property is not allowed by the schema");
    }

    [Fact]
    public void A_transaction_id_over_36_characters_is_a_property_constraint_violation()
    {
        var payload = V201Samples.Request("TransactionEvent");
        payload["transactionInfo"]!["transactionId"] = new string('t', 37);

        ExpectViolation(Validate("TransactionEvent", payload), OcppErrorCode.PropertyConstraintViolation,
            "transactionInfo.transactionId: string is longer than 36 characters");
    }

    [Fact]
    public void A_payload_that_is_not_an_object_is_a_format_violation_on_the_2_0_1_wire()
    {
        var result = V201Schemas.ValidateRequest("Heartbeat", JsonElement.Parse("[]"));

        ExpectViolation(result, OcppErrorCode.FormationViolation, "Payload must be a JSON object");
        Expect.Equal("FormatViolation", OcppErrorCodes.ToWire(result.Code, OcppVersion.V201), "the 2.0.1 wire spelling of the code");
    }

    [Fact]
    public void An_unknown_action_is_not_implemented()
    {
        var result = V201Schemas.ValidateRequest("StartTransaction", JsonElement.Parse("{}"));

        ExpectViolation(result, OcppErrorCode.NotImplemented, "Action 'StartTransaction' is not known to OCPP 2.0.1.");
    }

    [Fact]
    public void A_validation_failure_becomes_the_2_0_1_call_error_that_answers_the_call()
    {
        var result = V201Schemas.ValidateRequest("Authorize", JsonElement.Parse("{}"));

        var frame = System.Text.Encoding.UTF8.GetString(OcppFrameWriter.ToBytes(result.ToCallError("m-7"), OcppVersion.V201));

        Expect.Equal("[4,\"m-7\",\"OccurrenceConstraintViolation\",\"idToken: required property is missing\",{}]", frame, "the CALLERROR frame");
    }

    private static JsonElement EvChargingNeeds(int stateOfCharge)
    {
        var payload = JsonNode.Parse("""
            {"evseId":1,"chargingNeeds":{"requestedEnergyTransfer":"DC",
             "dcChargingParameters":{"evMaxCurrent":200,"evMaxVoltage":400}}}
            """)!;
        payload["chargingNeeds"]!["dcChargingParameters"]!["stateOfCharge"] = stateOfCharge;
        return JsonSerializer.SerializeToElement(payload);
    }

    private static ValidationResult Validate(string action, JsonNode payload) =>
        V201Schemas.ValidateRequest(action, JsonSerializer.SerializeToElement(payload));

    private static void ExpectViolation(ValidationResult result, OcppErrorCode code, string descriptionStart)
    {
        Assert.False(result.IsValid, $"Expected a {code} starting '{descriptionStart}', but the payload was valid.");
        Expect.Equal(code, result.Code, $"the error code (description: {result.Description})");
        Assert.True(
            result.Description.StartsWith(descriptionStart, StringComparison.Ordinal),
            $"Expected the description to start with '{descriptionStart}' but it was '{result.Description}'.");
    }
}
