using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansCsms.Ocpp;

/// <summary>Writes an <see cref="OcppMessage"/> as one compact OCPP-J frame.</summary>
public static class OcppFrameWriter
{
    // The default encoder escapes '+' and non-ASCII text, which some charge point parsers mishandle;
    // frames never reach an HTML page, so the relaxed encoder is safe here.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes <paramref name="message"/> to <paramref name="output"/>; <paramref name="version"/> decides the spelling of CALLERROR codes.</summary>
    public static void Write(IBufferWriter<byte> output, OcppMessage message, OcppVersion version)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);

        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartArray();
        writer.WriteNumberValue((int)message.MessageType);
        writer.WriteStringValue(message.MessageId);
        switch (message)
        {
            case OcppCall call:
                writer.WriteStringValue(call.Action);
                WriteObject(writer, call.Payload);
                break;
            case OcppCallResult result:
                WriteObject(writer, result.Payload);
                break;
            case OcppCallError error:
                writer.WriteStringValue(OcppErrorCodes.ToWire(error.ErrorCode, version));
                writer.WriteStringValue(error.ErrorDescription);
                WriteObject(writer, error.ErrorDetails);
                break;
            default:
                throw new ArgumentException($"Unknown OCPP message type {message.GetType().Name}.", nameof(message));
        }

        writer.WriteEndArray();
    }

    public static byte[] ToBytes(OcppMessage message, OcppVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, message, version);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement value)
    {
        // default(JsonElement) stands for "nothing to say", which OCPP-J spells {}.
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }

        value.WriteTo(writer);
    }
}
