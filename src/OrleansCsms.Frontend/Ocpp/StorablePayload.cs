using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using OrleansCsms.Grains;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>
/// Applies <see cref="StorableText"/>'s rule to every string and property name of a payload a charge point sent,
/// before anything reads it: JSON can carry U+0000 ("\u0000") and unpaired surrogates ("\ud800"), which no store can
/// hold and which System.Text.Json refuses to decode. Replacing them first lets every field follow one rule and the
/// message be answered like any other.
/// </summary>
internal static class StorablePayload
{
    /// <summary>
    /// The message with the rule applied to its payload (a CALLERROR's description and details), and the paths of
    /// what changed; the same message and no paths when nothing did.
    /// </summary>
    public static OcppMessage Clean(OcppMessage message, out IReadOnlyList<string> replaced)
    {
        switch (message)
        {
            case OcppCall call:
                var callPayload = Clean(call.Payload, out replaced);
                return replaced.Count == 0 ? message : call with { Payload = callPayload };
            case OcppCallResult result:
                var resultPayload = Clean(result.Payload, out replaced);
                return replaced.Count == 0 ? message : result with { Payload = resultPayload };
            case OcppCallError error:
                var details = Clean(error.ErrorDetails, out var inDetails);
                var description = StorableText.Clean(error.ErrorDescription);
                replaced = ReferenceEquals(description, error.ErrorDescription)
                    ? [.. inDetails.Select(p => $"errorDetails.{p}")]
                    : ["errorDescription", .. inDetails.Select(p => $"errorDetails.{p}")];
                return replaced.Count == 0 ? message : error with { ErrorDescription = description, ErrorDetails = details };
            default:
                replaced = [];
                return message;
        }
    }

    /// <summary>
    /// The payload with every unstorable character replaced by U+FFFD, and the paths of the values and property names
    /// that changed (like <c>meterValue[0].sampledValue[1].value</c>); the same payload and no paths when nothing did.
    /// </summary>
    public static JsonElement Clean(JsonElement payload, out IReadOnlyList<string> replaced)
    {
        replaced = [];
        if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return payload;
        }

        // Every frame passes here. Only an escape or invalid UTF-8 can hide such a character, and almost no payload has either.
        var raw = JsonMarshal.GetRawUtf8Value(payload);
        if (raw.IndexOf("\\u"u8) < 0 && Utf8.IsValid(raw))
        {
            return payload;
        }

        var paths = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(raw.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, payload, new StringBuilder(), paths);
        }

        if (paths.Count == 0)
        {
            return payload;
        }

        replaced = paths;
        return JsonElement.Parse(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, JsonElement value, StringBuilder path, List<string> replaced)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    var (name, nameChanged) = Decode(JsonMarshal.GetRawUtf8PropertyName(property));
                    var length = path.Length;
                    if (length > 0)
                    {
                        path.Append('.');
                    }

                    path.Append(name);
                    if (nameChanged)
                    {
                        replaced.Add(path.ToString());
                    }

                    writer.WritePropertyName(name);
                    Write(writer, property.Value, path, replaced);
                    path.Length = length;
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var length = path.Length;
                    path.Append('[').Append(index++).Append(']');
                    Write(writer, item, path, replaced);
                    path.Length = length;
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(value);
                var (text, changed) = Decode(raw[1..^1]);
                if (changed)
                {
                    replaced.Add(path.ToString());
                }

                writer.WriteStringValue(text);
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    /// <summary>
    /// Decodes a JSON string's content (between its quotes), which the frame reader has already found well formed,
    /// without refusing unpaired surrogates as <see cref="JsonElement.GetString"/> does, then applies the rule.
    /// </summary>
    private static (string Text, bool Changed) Decode(ReadOnlySpan<byte> content)
    {
        var decoded = new StringBuilder(content.Length);
        var invalidUtf8 = false;
        while (true)
        {
            var backslash = content.IndexOf((byte)'\\');
            var literal = backslash < 0 ? content : content[..backslash];

            // Invalid UTF-8 decodes to U+FFFD, the same replacement the rule makes.
            invalidUtf8 |= !Utf8.IsValid(literal);
            decoded.Append(Encoding.UTF8.GetString(literal));
            if (backslash < 0)
            {
                break;
            }

            var escape = content[backslash + 1];
            content = content[(backslash + 2)..];
            if (escape == (byte)'u')
            {
                decoded.Append((char)ushort.Parse(content[..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                content = content[4..];
            }
            else
            {
                decoded.Append(escape switch
                {
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    _ => (char)escape, // '"', '\\' and '/' stand for themselves
                });
            }
        }

        var text = decoded.ToString();
        var clean = StorableText.Clean(text);
        return (clean, invalidUtf8 || !ReferenceEquals(clean, text));
    }
}
