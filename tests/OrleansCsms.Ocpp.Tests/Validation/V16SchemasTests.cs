using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Ocpp.Tests.Validation;

public sealed class V16SchemasTests
{
    [Theory]
    [MemberData(nameof(CoreSamples.ActionData), MemberType = typeof(CoreSamples))]
    public void A_realistic_charge_point_request_of_every_core_action_is_valid(string action)
    {
        var result = V16Schemas.ValidateRequest(action, CoreSamples.RequestElement(action));

        Assert.True(result.IsValid, $"Expected the sample {action}.req to be valid, but got {result}.");
    }

    [Theory]
    [InlineData("BootNotification", """{"status":"Accepted","currentTime":"2025-01-15T10:00:00Z","interval":300}""")]
    [InlineData("Heartbeat", """{"currentTime":"2025-01-15T10:00:00.123Z"}""")]
    [InlineData("Authorize", """{"idTagInfo":{"status":"Accepted","expiryDate":"2025-12-31T23:59:59Z","parentIdTag":"FLEET-1"}}""")]
    [InlineData("StartTransaction", """{"idTagInfo":{"status":"ConcurrentTx"},"transactionId":1001}""")]
    [InlineData("StopTransaction", "{}")]
    [InlineData("StatusNotification", "{}")]
    [InlineData("DataTransfer", """{"status":"UnknownVendorId"}""")]
    public void A_realistic_central_system_confirmation_is_valid(string action, string payload)
    {
        var result = V16Schemas.ValidateConfirmation(action, JsonElement.Parse(payload));

        Assert.True(result.IsValid, $"Expected the {action}.conf {payload} to be valid, but got {result}.");
    }

    [Fact]
    public void A_payload_that_is_not_an_object_is_a_formation_violation()
    {
        var result = V16Schemas.ValidateRequest("Heartbeat", JsonElement.Parse("[]"));

        ExpectViolation(result, OcppErrorCode.FormationViolation, "Payload must be a JSON object");
    }

    [Fact]
    public void A_missing_required_field_is_an_occurrence_violation_named_by_its_path()
    {
        var payload = CoreSamples.Request("MeterValues");
        payload["meterValue"]![1]!.AsObject().Remove("timestamp");

        var result = Validate("MeterValues", payload);

        ExpectViolation(result, OcppErrorCode.OccurrenceConstraintViolation, "meterValue[1].timestamp: required property is missing");
        Expect.Equal("OccurenceConstraintViolation", OcppErrorCodes.ToWire(result.Code, OcppVersion.V16), "the 1.6 wire spelling of the code");
    }

    [Fact]
    public void Too_few_array_items_is_an_occurrence_violation()
    {
        var payload = JsonElement.Parse("""{"status":"Accepted","certificateHashData":[]}""");

        var result = V16Schemas.ValidateConfirmation("GetInstalledCertificateIds", payload);

        ExpectViolation(result, OcppErrorCode.OccurrenceConstraintViolation, "certificateHashData: has 0 items but needs at least 1");
    }

    [Theory]
    [InlineData("""{"connectorId":"1","errorCode":"NoError","status":"Available"}""", "connectorId: expected an integer but found a string")]
    [InlineData("""{"connectorId":1.5,"errorCode":"NoError","status":"Available"}""", "connectorId: expected a 32-bit integer but found 1.5")]
    [InlineData("""{"connectorId":4294967296,"errorCode":"NoError","status":"Available"}""", "connectorId: expected a 32-bit integer")]
    [InlineData("""{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"yesterday"}""", "timestamp: string is not an RFC 3339 date-time")]
    [InlineData("""{"connectorId":1,"errorCode":"NoError","status":"Available","info":null}""", "info: expected a string but found null")]
    [InlineData("""{"connectorId":1,"errorCode":42,"status":"Available"}""", "errorCode: expected a string but found a number")]
    public void A_value_of_the_wrong_json_type_is_a_type_constraint_violation(string payload, string description)
    {
        var result = V16Schemas.ValidateRequest("StatusNotification", JsonElement.Parse(payload));

        ExpectViolation(result, OcppErrorCode.TypeConstraintViolation, description);
    }

    [Fact]
    public void A_wrongly_typed_value_deep_in_a_payload_is_named_by_its_full_path()
    {
        var payload = CoreSamples.Request("MeterValues");
        payload["meterValue"]![0]!["sampledValue"]![1]!["value"] = 16.2;

        var result = Validate("MeterValues", payload);

        ExpectViolation(result, OcppErrorCode.TypeConstraintViolation, "meterValue[0].sampledValue[1].value: expected a string but found a number");
    }

    [Fact]
    public void A_value_outside_the_enum_is_a_property_constraint_violation_named_by_its_path()
    {
        var payload = CoreSamples.Request("MeterValues");
        payload["meterValue"]![0]!["sampledValue"]![1]!["measurand"] = "Energy.Active.Import.Registre";

        var result = Validate("MeterValues", payload);

        ExpectViolation(result, OcppErrorCode.PropertyConstraintViolation, "meterValue[0].sampledValue[1].measurand: value is not one of");
    }

    [Fact]
    public void Enum_values_are_case_sensitive()
    {
        var payload = CoreSamples.Request("StatusNotification");
        payload["status"] = "suspendedEVSE";

        ExpectViolation(Validate("StatusNotification", payload), OcppErrorCode.PropertyConstraintViolation, "status: value is not one of");
    }

    [Fact]
    public void A_string_over_its_max_length_is_a_property_constraint_violation()
    {
        var payload = CoreSamples.Request("Authorize");
        payload["idTag"] = new string('A', 21);

        ExpectViolation(Validate("Authorize", payload), OcppErrorCode.PropertyConstraintViolation, "idTag: string is longer than 20 characters");
    }

    [Theory]
    [InlineData("\"ÄÖÜäöüßÄÖÜäöüßÄÖÜäö\"")]
    [InlineData("\"\\u00c4\\u00d6\\u00dc\\u00e4\\u00f6\\u00fc\\u00df\\u00c4\\u00d6\\u00dc\\u00e4\\u00f6\\u00fc\\u00df\\u00c4\\u00d6\\u00dc\\u00e4\\u00f6\\u00fc\"")]
    [InlineData("\"😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀\"")]
    public void Max_length_counts_characters_not_bytes_or_escapes(string idTag)
    {
        var result = V16Schemas.ValidateRequest("Authorize", JsonElement.Parse($$"""{"idTag":{{idTag}}}"""));

        Assert.True(result.IsValid, $"Expected a 20-character idTag {idTag} to fit maxLength 20, but got {result}.");
    }

    [Fact]
    public void A_limit_that_is_not_a_multiple_of_a_tenth_is_a_property_constraint_violation()
    {
        var payload = JsonNode.Parse("""
            {"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile",
             "chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[
               {"startPeriod":0,"limit":16.0},{"startPeriod":3600,"limit":6.25}]}}}
            """)!;

        ExpectViolation(Validate("SetChargingProfile", payload), OcppErrorCode.PropertyConstraintViolation,
            "csChargingProfiles.chargingSchedule.chargingSchedulePeriod[1].limit: 6.25 is not a multiple of 0.1");
    }

    [Fact]
    public void An_unknown_property_is_a_property_constraint_violation()
    {
        var payload = CoreSamples.Request("BootNotification");
        payload["chargePointVendorName"] = "VendorX";

        ExpectViolation(Validate("BootNotification", payload), OcppErrorCode.PropertyConstraintViolation,
            "chargePointVendorName: property is not allowed by the schema");
    }

    [Fact]
    public void An_unknown_action_is_not_implemented()
    {
        var result = V16Schemas.ValidateRequest("Teleport", JsonElement.Parse("{}"));

        ExpectViolation(result, OcppErrorCode.NotImplemented, "Action 'Teleport' is not known to OCPP 1.6.");
    }

    [Fact]
    public void A_validation_failure_becomes_the_call_error_that_answers_the_call()
    {
        var result = V16Schemas.ValidateRequest("Authorize", JsonElement.Parse("{}"));

        var frame = System.Text.Encoding.UTF8.GetString(OcppFrameWriter.ToBytes(result.ToCallError("m-7"), OcppVersion.V16));

        Expect.Equal("[4,\"m-7\",\"OccurenceConstraintViolation\",\"idTag: required property is missing\",{}]", frame, "the CALLERROR frame");
    }

    private static ValidationResult Validate(string action, JsonNode payload) =>
        V16Schemas.ValidateRequest(action, JsonSerializer.SerializeToElement(payload));

    private static void ExpectViolation(ValidationResult result, OcppErrorCode code, string descriptionStart)
    {
        Assert.False(result.IsValid, $"Expected a {code} starting '{descriptionStart}', but the payload was valid.");
        Expect.Equal(code, result.Code, $"the error code (description: {result.Description})");
        Assert.True(
            result.Description.StartsWith(descriptionStart, StringComparison.Ordinal),
            $"Expected the description to start with '{descriptionStart}' but it was '{result.Description}'.");
    }
}
