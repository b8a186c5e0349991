using System.Buffers;
using System.Text;

namespace OrleansCsms.Ocpp.Tests.Framing;

public sealed class OcppFrameReaderTests
{
    [Fact]
    public void A_call_is_read_with_its_id_action_and_payload()
    {
        var call = Frames.ReadMessage<OcppCall>("[2, \"19223201\", \"BootNotification\", {\"chargePointVendor\": \"VendorX\", \"chargePointModel\": \"SingleSocketCharger\"}]");

        Expect.Equal("19223201", call.MessageId, "the message id");
        Expect.Equal("BootNotification", call.Action, "the action");
        Expect.Equal("VendorX", call.Payload.GetProperty("chargePointVendor").GetString(), "the payload's chargePointVendor");
        Expect.Equal(OcppMessageType.Call, call.MessageType, "the message type");
    }

    [Fact]
    public void A_call_result_is_read_with_its_payload()
    {
        var result = Frames.ReadMessage<OcppCallResult>("[3,\"19223201\",{\"currentTime\":\"2013-02-01T20:53:32.486Z\",\"interval\":300,\"status\":\"Accepted\"}]");

        Expect.Equal("19223201", result.MessageId, "the message id");
        Expect.Equal(300, result.Payload.GetProperty("interval").GetInt32(), "the payload's interval");
    }

    [Fact]
    public void A_call_result_with_a_null_payload_reads_as_an_empty_object()
    {
        var result = Frames.ReadMessage<OcppCallResult>("[3,\"abc\",null]");

        Expect.Equal("{}", result.Payload.GetRawText(), "the payload that the spec's null notation stands for");
    }

    [Fact]
    public void A_call_error_is_read_with_its_code_description_and_details()
    {
        var error = Frames.ReadMessage<OcppCallError>("[4,\"abc\",\"NotImplemented\",\"Unknown action\",{\"hint\":\"upgrade\"}]");

        Expect.Equal("abc", error.MessageId, "the message id");
        Expect.Equal(OcppErrorCode.NotImplemented, error.ErrorCode, "the error code");
        Expect.Equal("Unknown action", error.ErrorDescription, "the error description");
        Expect.Equal("upgrade", error.ErrorDetails.GetProperty("hint").GetString(), "the error details' hint");
    }

    [Theory]
    [InlineData("OccurenceConstraintViolation")]
    [InlineData("OccurrenceConstraintViolation")]
    public void Both_spellings_of_the_occurrence_violation_are_read(string wire)
    {
        var error = Frames.ReadMessage<OcppCallError>($"[4,\"abc\",\"{wire}\",\"\",{{}}]");

        Expect.Equal(OcppErrorCode.OccurrenceConstraintViolation, error.ErrorCode, $"the error code read from {wire}");
    }

    [Fact]
    public void An_unknown_error_code_reads_as_a_generic_error_rather_than_a_broken_frame()
    {
        var error = Frames.ReadMessage<OcppCallError>("[4,\"abc\",\"VendorSpecificMeltdown\",\"boom\",{}]");

        Expect.Equal(OcppErrorCode.GenericError, error.ErrorCode, "the error code for a code the reader does not know");
        Expect.Equal("boom", error.ErrorDescription, "the error description");
    }

    [Fact]
    public void The_payload_stays_readable_after_the_input_buffer_is_reused()
    {
        var buffer = Encoding.UTF8.GetBytes("[2,\"abc\",\"Authorize\",{\"idTag\":\"TAG-1\"}]");
        var call = Assert.IsType<OcppCall>(OcppFrameReader.Read(buffer).Message);

        buffer.AsSpan().Fill((byte)' ');

        Expect.Equal("TAG-1", call.Payload.GetProperty("idTag").GetString(), "the idTag read after the buffer was overwritten");
    }

    [Fact]
    public void A_frame_split_across_segments_reads_like_a_contiguous_one()
    {
        var bytes = Encoding.UTF8.GetBytes("[2,\"abc\",\"Authorize\",{\"idTag\":\"TAG-1\"}]");
        var first = new Segment(bytes.AsMemory(0, 7), 0);
        var last = first.Append(bytes.AsMemory(7, 15)).Append(bytes.AsMemory(22));
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        var call = Assert.IsType<OcppCall>(OcppFrameReader.Read(sequence).Message);

        Expect.Equal("abc", call.MessageId, "the message id read across segments");
        Expect.Equal("TAG-1", call.Payload.GetProperty("idTag").GetString(), "the idTag read across segments");
    }

    [Fact]
    public void Whitespace_around_and_inside_the_frame_is_allowed()
    {
        var call = Frames.ReadMessage<OcppCall>(" \r\n[ 2 ,\t\"abc\" , \"Heartbeat\" , { } ]\n");

        Expect.Equal("Heartbeat", call.Action, "the action of a frame padded with whitespace");
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
