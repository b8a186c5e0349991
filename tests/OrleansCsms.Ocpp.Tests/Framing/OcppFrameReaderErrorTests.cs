namespace OrleansCsms.Ocpp.Tests.Framing;

public sealed class OcppFrameReaderErrorTests
{
    [Theory]
    [InlineData("[2,\"abc\",\"Heartbeat\",{}")]
    [InlineData("[2,\"abc\",\"Heartbeat\",{]")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("[2,\"abc\",\"Heartbeat\",{}] trailing")]
    [InlineData("[2,'abc','Heartbeat',{}]")]
    [InlineData("[2,\"abc\",\"Heartbeat\",{} /* comment */]")]
    public void A_frame_with_invalid_json_is_an_rpc_framework_error_with_id_minus_one(string frame)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("-1", error.MessageId, "the message id of an unparseable frame");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code of an unparseable frame");
    }

    [Fact]
    public void Invalid_json_after_a_structural_fault_still_reports_id_minus_one()
    {
        var error = Frames.ReadError("[9,\"abc\",{]");

        Expect.Equal("-1", error.MessageId, "the message id when the frame is not JSON at all");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code when the frame is not JSON at all");
    }

    [Theory]
    [InlineData("{\"messageTypeId\":2}")]
    [InlineData("\"hello\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("[]")]
    public void Valid_json_that_is_not_a_non_empty_array_is_an_rpc_framework_error_with_id_minus_one(string frame)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("-1", error.MessageId, "the message id when no element can hold one");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code for a frame that is not an array");
    }

    [Theory]
    [InlineData("[2,\"abc\",\"Heartbeat\"]", OcppMessageType.Call)]
    [InlineData("[2,\"abc\",\"Heartbeat\",{},{}]", OcppMessageType.Call)]
    [InlineData("[2,\"abc\"]", OcppMessageType.Call)]
    [InlineData("[3,\"abc\"]", OcppMessageType.CallResult)]
    [InlineData("[3,\"abc\",{},{}]", OcppMessageType.CallResult)]
    [InlineData("[4,\"abc\",\"GenericError\",\"boom\"]", OcppMessageType.CallError)]
    [InlineData("[4,\"abc\",\"GenericError\",\"boom\",{},1]", OcppMessageType.CallError)]
    public void A_frame_with_the_wrong_element_count_is_an_rpc_framework_error_that_keeps_the_id(string frame, OcppMessageType type)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("abc", error.MessageId, "the recovered message id");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code for a wrong element count");
        Expect.Equal<OcppMessageType?>(type, error.MessageType, "the message type of the broken frame");
    }

    [Theory]
    [InlineData("[\"2\",\"abc\",\"Heartbeat\",{}]")]
    [InlineData("[null,\"abc\",\"Heartbeat\",{}]")]
    [InlineData("[[2],\"abc\",\"Heartbeat\",{}]")]
    public void A_message_type_that_is_not_a_number_is_an_rpc_framework_error_that_keeps_the_id(string frame)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("abc", error.MessageId, "the recovered message id");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code for a non-numeric message type");
    }

    [Theory]
    [InlineData("[5,\"abc\",\"Heartbeat\",{}]")]
    [InlineData("[1,\"abc\",{}]")]
    [InlineData("[2.5,\"abc\",\"Heartbeat\",{}]")]
    [InlineData("[-2,\"abc\",{}]")]
    public void An_unknown_numeric_message_type_is_not_supported_and_keeps_the_id(string frame)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("abc", error.MessageId, "the recovered message id");
        Expect.Equal(OcppErrorCode.MessageTypeNotSupported, error.ErrorCode, "the error code for an unknown message type");
        Expect.Equal("ProtocolError", OcppErrorCodes.ToWire(error.ErrorCode, OcppVersion.V16), "the 1.6 wire code for an unknown message type");
    }

    [Fact]
    public void An_unknown_message_type_without_a_string_id_is_answered_with_id_minus_one()
    {
        var error = Frames.ReadError("[7,42,{}]");

        Expect.Equal("-1", error.MessageId, "the message id when the id element is not a string");
    }

    [Theory]
    [InlineData("[2,42,\"Heartbeat\",{}]")]
    [InlineData("[2,null,\"Heartbeat\",{}]")]
    [InlineData("[2,{\"id\":\"abc\"},\"Heartbeat\",{}]")]
    [InlineData("[2]")]
    public void A_message_id_that_is_not_a_string_is_an_rpc_framework_error_with_id_minus_one(string frame)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("-1", error.MessageId, "the message id when it cannot be read as a string");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code for a non-string message id");
        Expect.Equal<OcppMessageType?>(OcppMessageType.Call, error.MessageType, "the message type, which was readable");
    }

    [Fact]
    public void A_message_id_longer_than_36_characters_is_an_rpc_framework_error_that_keeps_the_id()
    {
        var id = new string('x', 37);

        var error = Frames.ReadError($"[2,\"{id}\",\"Heartbeat\",{{}}]");

        Expect.Equal(id, error.MessageId, "the over-long message id, echoed so the peer can match the answer");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code for a message id over 36 characters");
    }

    [Fact]
    public void A_message_id_of_exactly_36_characters_is_accepted()
    {
        var id = Guid.NewGuid().ToString();

        var call = Frames.ReadMessage<OcppCall>($"[2,\"{id}\",\"Heartbeat\",{{}}]");

        Expect.Equal(id, call.MessageId, "the 36-character message id");
    }

    [Theory]
    [InlineData("[2,\"abc\",\"Heartbeat\",[]]")]
    [InlineData("[2,\"abc\",\"Heartbeat\",null]")]
    [InlineData("[2,\"abc\",\"Heartbeat\",\"{}\"]")]
    [InlineData("[2,\"abc\",\"Heartbeat\",1]")]
    public void A_call_payload_that_is_not_an_object_is_a_formation_violation_that_keeps_the_id(string frame)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("abc", error.MessageId, "the recovered message id");
        Expect.Equal(OcppErrorCode.FormationViolation, error.ErrorCode, "the error code for a non-object CALL payload");
    }

    [Theory]
    [InlineData("[2,\"abc\",42,{}]")]
    [InlineData("[2,\"abc\",null,{}]")]
    [InlineData("[2,\"abc\",[\"Heartbeat\"],{}]")]
    public void An_action_that_is_not_a_string_is_an_rpc_framework_error_that_keeps_the_id(string frame)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("abc", error.MessageId, "the recovered message id");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code for a non-string action");
    }

    [Theory]
    [InlineData("[3,\"abc\",[]]")]
    [InlineData("[3,\"abc\",\"ok\"]")]
    [InlineData("[4,\"abc\",42,\"boom\",{}]")]
    [InlineData("[4,\"abc\",\"GenericError\",null,{}]")]
    [InlineData("[4,\"abc\",\"GenericError\",\"boom\",[]]")]
    public void Answers_with_misshapen_elements_are_rpc_framework_errors_that_keep_the_id(string frame)
    {
        var error = Frames.ReadError(frame);

        Expect.Equal("abc", error.MessageId, "the recovered message id");
        Expect.Equal(OcppErrorCode.RpcFrameworkError, error.ErrorCode, "the error code for a misshapen answer");
    }

    [Fact]
    public void A_frame_error_turns_into_the_call_error_that_answers_it()
    {
        var error = Frames.ReadError("[2,\"abc\",\"Heartbeat\",[]]");

        var answer = Frames.Write(error.ToCallError());

        Expect.Equal($"[4,\"abc\",\"FormationViolation\",\"{error.Description}\",{{}}]", answer, "the CALLERROR frame answering the broken CALL");
    }
}
