using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansCsms.Ocpp;

/// <summary>Reads and writes <see cref="DateTimeOffset"/> the way <see cref="OcppDateTime"/> does.</summary>
/// <remarks>
/// The built-in converter reads a date-time without an offset in the server's local zone; OCPP
/// charge points that omit the offset mean UTC, and the validator already judged them that way.
/// </remarks>
public sealed class OcppDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private const int MaxTextLength = 64;

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a date-time string but found {reader.TokenType}.");
        }

        DateTimeOffset value;
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            if (OcppDateTime.TryParse(reader.ValueSpan, out value))
            {
                return value;
            }
        }
        else
        {
            var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            Span<byte> text = stackalloc byte[MaxTextLength];
            if (length <= MaxTextLength && OcppDateTime.TryParse(text[..reader.CopyString(text)], out value))
            {
                return value;
            }
        }

        throw new JsonException("The string is not an RFC 3339 date-time.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> text = stackalloc byte[OcppDateTime.MaxFormattedLength];
        OcppDateTime.TryFormat(value, text, out var written);
        writer.WriteStringValue(text[..written]);
    }
}
