namespace OrleansCsms.Ocpp.Tests.Framing;

public sealed class OcppErrorCodesTests
{
    [Theory]
    [InlineData(OcppErrorCode.NotImplemented, "NotImplemented", "NotImplemented")]
    [InlineData(OcppErrorCode.NotSupported, "NotSupported", "NotSupported")]
    [InlineData(OcppErrorCode.InternalError, "InternalError", "InternalError")]
    [InlineData(OcppErrorCode.ProtocolError, "ProtocolError", "ProtocolError")]
    [InlineData(OcppErrorCode.SecurityError, "SecurityError", "SecurityError")]
    [InlineData(OcppErrorCode.FormationViolation, "FormationViolation", "FormatViolation")]
    [InlineData(OcppErrorCode.PropertyConstraintViolation, "PropertyConstraintViolation", "PropertyConstraintViolation")]
    [InlineData(OcppErrorCode.OccurrenceConstraintViolation, "OccurenceConstraintViolation", "OccurrenceConstraintViolation")]
    [InlineData(OcppErrorCode.TypeConstraintViolation, "TypeConstraintViolation", "TypeConstraintViolation")]
    [InlineData(OcppErrorCode.GenericError, "GenericError", "GenericError")]
    [InlineData(OcppErrorCode.MessageTypeNotSupported, "ProtocolError", "MessageTypeNotSupported")]
    [InlineData(OcppErrorCode.RpcFrameworkError, "FormationViolation", "RpcFrameworkError")]
    public void Each_error_code_has_a_wire_spelling_per_version(OcppErrorCode code, string v16, string v201)
    {
        Expect.Equal(v16, OcppErrorCodes.ToWire(code, OcppVersion.V16), $"the 1.6 spelling of {code}");
        Expect.Equal(v201, OcppErrorCodes.ToWire(code, OcppVersion.V201), $"the 2.0.1 spelling of {code}");
    }

    [Fact]
    public void Every_error_code_reads_back_from_its_2_0_1_spelling()
    {
        foreach (var code in Enum.GetValues<OcppErrorCode>())
        {
            var parsed = OcppErrorCodes.TryParse(OcppErrorCodes.ToWire(code, OcppVersion.V201), out var read);

            Assert.True(parsed, $"Expected the 2.0.1 spelling of {code} to parse.");
            Expect.Equal(code, read, $"the code read back from the 2.0.1 spelling of {code}");
        }
    }

    [Theory]
    [InlineData("OccurenceConstraintViolation")]
    [InlineData("OccurrenceConstraintViolation")]
    public void Both_spellings_of_the_occurrence_violation_parse(string wire)
    {
        Assert.True(OcppErrorCodes.TryParse(wire, out var code), $"Expected {wire} to parse.");
        Expect.Equal(OcppErrorCode.OccurrenceConstraintViolation, code, $"the code read from {wire}");
    }

    [Theory]
    [InlineData("FormationViolation")]
    [InlineData("FormatViolation")]
    public void Both_the_1_6_and_the_2_0_1_name_of_the_format_violation_parse(string wire)
    {
        Assert.True(OcppErrorCodes.TryParse(wire, out var code), $"Expected {wire} to parse.");
        Expect.Equal(OcppErrorCode.FormationViolation, code, $"the code read from {wire}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("formationviolation")]
    [InlineData("Meltdown")]
    public void An_unknown_code_does_not_parse_and_falls_back_to_generic_error(string wire)
    {
        Assert.False(OcppErrorCodes.TryParse(wire, out var code), $"Expected '{wire}' not to parse.");
        Expect.Equal(OcppErrorCode.GenericError, code, $"the fallback code for '{wire}'");
    }
}
