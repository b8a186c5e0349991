namespace OrleansCsms.Ocpp;

/// <summary>Parses and formats OCPP date-time values without allocating.</summary>
/// <remarks>
/// Accepts RFC 3339 (<c>2025-01-15T10:00:00.123+01:00</c>, <c>...Z</c>), the ISO 8601 offset form
/// without a colon (<c>+0100</c>), and, because many charge points send it, no offset at all,
/// which is read as UTC. Seconds are mandatory; a leap second (60) is refused because
/// <see cref="DateTimeOffset"/> cannot hold it.
/// </remarks>
public static class OcppDateTime
{
    /// <summary>The longest text <see cref="TryFormat"/> writes.</summary>
    public const int MaxFormattedLength = 24;

    // Longer than any sane date-time; bounds the stack buffer used for UTF-16 input.
    private const int MaxParsedLength = 64;

    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > MaxParsedLength)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                return false;
            }

            utf8[i] = (byte)text[i];
        }

        return TryParse(utf8, out value);
    }

    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        value = default;
        if (utf8.Length < 19
            || !TryDigits(utf8, 0, 4, out var year) || utf8[4] != '-'
            || !TryDigits(utf8, 5, 2, out var month) || utf8[7] != '-'
            || !TryDigits(utf8, 8, 2, out var day) || (utf8[10] | 0x20) != 't'
            || !TryDigits(utf8, 11, 2, out var hour) || utf8[13] != ':'
            || !TryDigits(utf8, 14, 2, out var minute) || utf8[16] != ':'
            || !TryDigits(utf8, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var position = 19;
        long fractionTicks = 0;
        if (position < utf8.Length && utf8[position] == '.')
        {
            if (!TryFraction(utf8, ref position, out fractionTicks))
            {
                return false;
            }
        }

        if (!TryOffset(utf8[position..], out var offset))
        {
            return false;
        }

        var localTicks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks;
        var utcTicks = localTicks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(localTicks, offset);
        return true;
    }

    /// <summary>Formats as UTC, <c>yyyy-MM-ddTHH:mm:ssZ</c>, with milliseconds only when there are any.</summary>
    /// <remarks>Sub-millisecond digits are dropped: several charge point firmwares refuse longer fractions.</remarks>
    public static string Format(DateTimeOffset value)
    {
        Span<byte> utf8 = stackalloc byte[MaxFormattedLength];
        TryFormat(value, utf8, out var written);
        return System.Text.Encoding.ASCII.GetString(utf8[..written]);
    }

    /// <inheritdoc cref="Format(DateTimeOffset)"/>
    public static bool TryFormat(DateTimeOffset value, Span<byte> utf8, out int written)
    {
        written = 0;
        if (utf8.Length < MaxFormattedLength)
        {
            return false;
        }

        var utc = value.UtcDateTime;
        WriteDigits(utf8, 0, 4, utc.Year);
        utf8[4] = (byte)'-';
        WriteDigits(utf8, 5, 2, utc.Month);
        utf8[7] = (byte)'-';
        WriteDigits(utf8, 8, 2, utc.Day);
        utf8[10] = (byte)'T';
        WriteDigits(utf8, 11, 2, utc.Hour);
        utf8[13] = (byte)':';
        WriteDigits(utf8, 14, 2, utc.Minute);
        utf8[16] = (byte)':';
        WriteDigits(utf8, 17, 2, utc.Second);
        written = 19;
        if (utc.Millisecond != 0)
        {
            utf8[19] = (byte)'.';
            WriteDigits(utf8, 20, 3, utc.Millisecond);
            written = 23;
        }

        utf8[written++] = (byte)'Z';
        return true;
    }

    private static bool TryFraction(ReadOnlySpan<byte> utf8, ref int position, out long ticks)
    {
        ticks = 0;
        var start = ++position;
        var scale = TimeSpan.TicksPerSecond;
        while (position < utf8.Length && IsDigit(utf8[position]))
        {
            // Digits past the 7th are below a tick's resolution; they are allowed but ignored.
            if (scale > 1)
            {
                scale /= 10;
                ticks += (utf8[position] - '0') * scale;
            }

            position++;
        }

        return position > start;
    }

    private static bool TryOffset(ReadOnlySpan<byte> utf8, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (utf8.IsEmpty)
        {
            return true;
        }

        if ((utf8[0] | 0x20) == 'z')
        {
            return utf8.Length == 1;
        }

        if (utf8[0] is not ((byte)'+' or (byte)'-'))
        {
            return false;
        }

        var minutesAt = utf8.Length switch
        {
            6 when utf8[3] == ':' => 4,
            5 => 3,
            _ => -1,
        };
        if (minutesAt < 0
            || !TryDigits(utf8, 1, 2, out var hours)
            || !TryDigits(utf8, minutesAt, 2, out var minutes)
            || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (offset > MaxOffset)
        {
            return false;
        }

        if (utf8[0] == '-')
        {
            offset = offset.Negate();
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> utf8, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(utf8[i]))
            {
                return false;
            }

            value = (value * 10) + (utf8[i] - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static void WriteDigits(Span<byte> utf8, int start, int count, int value)
    {
        for (var i = start + count - 1; i >= start; i--)
        {
            utf8[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
