using System.Buffers;
using System.Text.Json;

namespace OrleansCsms.Ocpp;

/// <summary>Reads one OCPP-J frame (a WebSocket text message) into an <see cref="OcppMessage"/>.</summary>
/// <remarks>
/// Faults in the frame itself come back as an <see cref="OcppFrameError"/>; whether the payload fits
/// its action's schema is a separate check (see <see cref="OcppPayloadValidator"/>).
/// An integer message type other than 2, 3 or 4 is reported as
/// <see cref="OcppErrorCode.MessageTypeNotSupported"/>: it is the precise 2.0.1 code, and
/// <see cref="OcppErrorCodes.ToWire"/> turns it into 1.6's ProtocolError, so the reader stays
/// version-neutral and each version still gets its own idiom.
/// </remarks>
public static class OcppFrameReader
{
    /// <summary>The longest message id OCPP-J allows.</summary>
    public const int MaxMessageIdLength = 36;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    // The spec allows null for "no payload"; an owned empty object keeps Payload always an object.
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}"u8);

    public static OcppFrameReadResult Read(ReadOnlySequence<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, ReaderOptions);
        return Read(ref reader);
    }

    public static OcppFrameReadResult Read(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame, ReaderOptions);
        return Read(ref reader);
    }

    private static OcppFrameReadResult Read(ref Utf8JsonReader reader)
    {
        try
        {
            var result = ReadFrame(ref reader);

            // A structural verdict only counts once the whole frame has proven to be JSON: in a
            // malformed frame nothing, the message id included, can be trusted.
            while (reader.Read())
            {
            }

            return result;
        }
        catch (JsonException ex)
        {
            return Fail(OcppFrameError.UnknownMessageId, null, OcppErrorCode.RpcFrameworkError,
                $"Frame is not valid JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine}).");
        }
        catch (InvalidOperationException)
        {
            // Raised when a string holds invalid UTF-8 or a lone surrogate escape.
            return Fail(OcppFrameError.UnknownMessageId, null, OcppErrorCode.RpcFrameworkError,
                "Frame contains text that is not valid UTF-8.");
        }
    }

    private static OcppFrameReadResult ReadFrame(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Fail(OcppFrameError.UnknownMessageId, null, OcppErrorCode.RpcFrameworkError, "Frame must be a JSON array.");
        }

        if (!NextElement(ref reader))
        {
            return Fail(OcppFrameError.UnknownMessageId, null, OcppErrorCode.RpcFrameworkError, "Frame is an empty array.");
        }

        var typeIsNumber = reader.TokenType == JsonTokenType.Number;
        var typeNumber = typeIsNumber && reader.TryGetInt32(out var number) ? number : 0;
        reader.Skip();

        // The id is recovered before judging the type so that even a frame with a bad type can be answered.
        var hasIdElement = NextElement(ref reader);
        var messageId = hasIdElement && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (hasIdElement)
        {
            reader.Skip();
        }

        var answerId = messageId ?? OcppFrameError.UnknownMessageId;
        if (!typeIsNumber)
        {
            return Fail(answerId, null, OcppErrorCode.RpcFrameworkError, "Message type must be a number.");
        }

        if (typeNumber is < (int)OcppMessageType.Call or > (int)OcppMessageType.CallError)
        {
            return Fail(answerId, null, OcppErrorCode.MessageTypeNotSupported, "Message type is not 2, 3 or 4.");
        }

        var type = (OcppMessageType)typeNumber;
        if (messageId is null)
        {
            return Fail(OcppFrameError.UnknownMessageId, type, OcppErrorCode.RpcFrameworkError,
                hasIdElement ? "Message id must be a string." : "Frame has no message id.");
        }

        if (messageId.Length > MaxMessageIdLength)
        {
            return Fail(messageId, type, OcppErrorCode.RpcFrameworkError,
                $"Message id is longer than {MaxMessageIdLength} characters.");
        }

        return type switch
        {
            OcppMessageType.Call => ReadCall(ref reader, messageId),
            OcppMessageType.CallResult => ReadCallResult(ref reader, messageId),
            _ => ReadCallError(ref reader, messageId),
        };
    }

    private static OcppFrameReadResult ReadCall(ref Utf8JsonReader reader, string messageId)
    {
        const string Shape = "A CALL has 4 elements: [2, id, action, payload].";
        if (!NextElement(ref reader))
        {
            return Fail(messageId, OcppMessageType.Call, OcppErrorCode.RpcFrameworkError, Shape);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return Fail(messageId, OcppMessageType.Call, OcppErrorCode.RpcFrameworkError, "Action must be a string.");
        }

        var action = reader.GetString()!;
        if (!NextElement(ref reader))
        {
            return Fail(messageId, OcppMessageType.Call, OcppErrorCode.RpcFrameworkError, Shape);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Fail(messageId, OcppMessageType.Call, OcppErrorCode.FormationViolation, "CALL payload must be a JSON object.");
        }

        var payload = JsonElement.ParseValue(ref reader);
        return NextElement(ref reader)
            ? Fail(messageId, OcppMessageType.Call, OcppErrorCode.RpcFrameworkError, Shape)
            : OcppFrameReadResult.Success(new OcppCall(messageId, action, payload));
    }

    private static OcppFrameReadResult ReadCallResult(ref Utf8JsonReader reader, string messageId)
    {
        const string Shape = "A CALLRESULT has 3 elements: [3, id, payload].";
        if (!NextElement(ref reader))
        {
            return Fail(messageId, OcppMessageType.CallResult, OcppErrorCode.RpcFrameworkError, Shape);
        }

        if (!TryReadObjectOrNull(ref reader, out var payload))
        {
            return Fail(messageId, OcppMessageType.CallResult, OcppErrorCode.RpcFrameworkError, "CALLRESULT payload must be a JSON object.");
        }

        return NextElement(ref reader)
            ? Fail(messageId, OcppMessageType.CallResult, OcppErrorCode.RpcFrameworkError, Shape)
            : OcppFrameReadResult.Success(new OcppCallResult(messageId, payload));
    }

    private static OcppFrameReadResult ReadCallError(ref Utf8JsonReader reader, string messageId)
    {
        const string Shape = "A CALLERROR has 5 elements: [4, id, errorCode, errorDescription, errorDetails].";
        if (!NextElement(ref reader))
        {
            return Fail(messageId, OcppMessageType.CallError, OcppErrorCode.RpcFrameworkError, Shape);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return Fail(messageId, OcppMessageType.CallError, OcppErrorCode.RpcFrameworkError, "Error code must be a string.");
        }

        // A code from a newer or sloppier peer is still an error answer; GenericError keeps it usable.
        var code = OcppErrorCodes.TryParse(reader.GetString()!, out var known) ? known : OcppErrorCode.GenericError;
        if (!NextElement(ref reader))
        {
            return Fail(messageId, OcppMessageType.CallError, OcppErrorCode.RpcFrameworkError, Shape);
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return Fail(messageId, OcppMessageType.CallError, OcppErrorCode.RpcFrameworkError, "Error description must be a string.");
        }

        var description = reader.GetString()!;
        if (!NextElement(ref reader))
        {
            return Fail(messageId, OcppMessageType.CallError, OcppErrorCode.RpcFrameworkError, Shape);
        }

        if (!TryReadObjectOrNull(ref reader, out var details))
        {
            return Fail(messageId, OcppMessageType.CallError, OcppErrorCode.RpcFrameworkError, "Error details must be a JSON object.");
        }

        return NextElement(ref reader)
            ? Fail(messageId, OcppMessageType.CallError, OcppErrorCode.RpcFrameworkError, Shape)
            : OcppFrameReadResult.Success(new OcppCallError(messageId, code, description, details));
    }

    private static bool TryReadObjectOrNull(ref Utf8JsonReader reader, out JsonElement value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                value = JsonElement.ParseValue(ref reader);
                return true;
            case JsonTokenType.Null:
                value = EmptyObject;
                return true;
            default:
                value = default;
                return false;
        }
    }

    /// <summary>Moves to the next array element; false at the end of the array.</summary>
    private static bool NextElement(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType != JsonTokenType.EndArray;

    private static OcppFrameReadResult Fail(string messageId, OcppMessageType? type, OcppErrorCode code, string description) =>
        OcppFrameReadResult.Failure(new OcppFrameError(messageId, type, code, description));
}
