using System.Runtime.InteropServices;
using System.Text.Json;

namespace OrleansCsms.Ocpp;

/// <summary>String checks on a JSON string's raw UTF-8, so the common case needs no decoded copy.</summary>
internal static class Utf8Text
{
    /// <summary>Whether the string holds at most <paramref name="maxLength"/> Unicode code points, as JSON Schema counts.</summary>
    public static bool FitsLength(JsonElement value, int maxLength)
    {
        var content = Content(value);

        // Every code point takes at least one byte and escapes only add bytes, so a short raw text always fits.
        if (content.Length <= maxLength)
        {
            return true;
        }

        if (content.IndexOf((byte)'\\') < 0)
        {
            return CountCodePoints(content) <= maxLength;
        }

        var text = value.GetString()!;
        var count = text.Length;
        foreach (var c in text)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count <= maxLength;
    }

    public static bool IsDateTime(JsonElement value)
    {
        var content = Content(value);
        return content.IndexOf((byte)'\\') < 0
            ? OcppDateTime.TryParse(content, out _)
            : OcppDateTime.TryParse(value.GetString(), out _);
    }

    /// <summary>The string's raw bytes between its quotes.</summary>
    private static ReadOnlySpan<byte> Content(JsonElement value)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw[1..^1];
    }

    private static int CountCodePoints(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            // Continuation bytes (10xxxxxx) belong to the code point before them.
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}
