using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OrleansCsms.Ocpp.Tests.Framing;

public sealed class OcppFrameWriterTests
{
    [Theory]
    [InlineData("[2,\"19223201\",\"BootNotification\",{\"chargePointVendor\":\"VendorX\",\"chargePointModel\":\"SingleSocketCharger\"}]")]
    [InlineData("[2,\"abc\",\"Heartbeat\",{}]")]
    [InlineData("[3,\"19223201\",{\"currentTime\":\"2013-02-01T20:53:32.486Z\",\"interval\":300,\"status\":\"Accepted\"}]")]
    [InlineData("[3,\"abc\",{}]")]
    [InlineData("[4,\"abc\",\"NotImplemented\",\"Unknown action\",{}]")]
    [InlineData("[4,\"abc\",\"GenericError\",\"boom\",{\"detail\":[1,2,{\"deep\":true}]}]")]
    [InlineData("[2,\"abc\",\"DataTransfer\",{\"vendorId\":\"Zürich+Co\",\"data\":\"a \\\"quoted\\\" <tag>\"}]")]
    public void A_compact_frame_survives_a_read_and_write_byte_for_byte(string frame)
    {
        var message = Frames.ReadMessage<OcppMessage>(frame);

        Expect.Equal(frame, Frames.Write(message), "the frame written back from what was read");
    }

    [Fact]
    public void A_padded_frame_is_written_back_compact()
    {
        var message = Frames.ReadMessage<OcppMessage>("[ 2 , \"abc\" , \"Authorize\" , { \"idTag\" : \"TAG-1\" } ]");

        Expect.Equal("[2,\"abc\",\"Authorize\",{\"idTag\":\"TAG-1\"}]", Frames.Write(message), "the compact form of a padded frame");
    }

    [Fact]
    public void A_call_is_written_as_a_four_element_array()
    {
        var payload = JsonElement.Parse("{\"idTag\":\"TAG-1\"}");

        var frame = Frames.Write(new OcppCall("m-1", "Authorize", payload));

        Expect.Equal("[2,\"m-1\",\"Authorize\",{\"idTag\":\"TAG-1\"}]", frame, "the written CALL");
    }

    [Fact]
    public void A_call_result_is_written_as_a_three_element_array()
    {
        var payload = JsonElement.Parse("{\"currentTime\":\"2025-01-15T10:00:00Z\"}");

        var frame = Frames.Write(new OcppCallResult("m-1", payload));

        Expect.Equal("[3,\"m-1\",{\"currentTime\":\"2025-01-15T10:00:00Z\"}]", frame, "the written CALLRESULT");
    }

    [Fact]
    public void A_call_error_without_details_is_written_with_an_empty_object()
    {
        var frame = Frames.Write(new OcppCallError("m-1", OcppErrorCode.InternalError, "oops"));

        Expect.Equal("[4,\"m-1\",\"InternalError\",\"oops\",{}]", frame, "the written CALLERROR");
    }

    [Fact]
    public void An_occurrence_violation_is_spelled_the_1_6_way_for_1_6_and_correctly_for_2_0_1()
    {
        var error = new OcppCallError("m-1", OcppErrorCode.OccurrenceConstraintViolation, "idTag: required property is missing");

        Expect.Equal("[4,\"m-1\",\"OccurenceConstraintViolation\",\"idTag: required property is missing\",{}]", Frames.Write(error, OcppVersion.V16), "the 1.6 CALLERROR");
        Expect.Equal("[4,\"m-1\",\"OccurrenceConstraintViolation\",\"idTag: required property is missing\",{}]", Frames.Write(error, OcppVersion.V201), "the 2.0.1 CALLERROR");
    }

    [Fact]
    public void Writing_appends_to_whatever_the_buffer_already_holds()
    {
        var buffer = new ArrayBufferWriter<byte>();
        OcppFrameWriter.Write(buffer, new OcppCallResult("a", default), OcppVersion.V16);
        OcppFrameWriter.Write(buffer, new OcppCallResult("b", default), OcppVersion.V16);

        Expect.Equal("[3,\"a\",{}][3,\"b\",{}]", Encoding.UTF8.GetString(buffer.WrittenSpan), "two frames written one after the other");
    }
}
