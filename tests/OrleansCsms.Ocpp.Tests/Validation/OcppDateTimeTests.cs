using System.Text;

namespace OrleansCsms.Ocpp.Tests.Validation;

public sealed class OcppDateTimeTests
{
    [Theory]
    [InlineData("2025-01-15T10:00:00Z", "2025-01-15T10:00:00Z")]
    [InlineData("2025-01-15t10:00:00z", "2025-01-15T10:00:00Z")]
    [InlineData("2025-01-15T10:00:00.123Z", "2025-01-15T10:00:00.123Z")]
    [InlineData("2025-01-15T10:00:00.1234567891Z", "2025-01-15T10:00:00.123Z")]
    [InlineData("2025-01-15T11:00:00+01:00", "2025-01-15T10:00:00Z")]
    [InlineData("2025-01-15T05:30:00-04:30", "2025-01-15T10:00:00Z")]
    [InlineData("2025-01-15T11:00:00+0100", "2025-01-15T10:00:00Z")]
    [InlineData("2025-01-15T10:00:00", "2025-01-15T10:00:00Z")]
    [InlineData("2025-01-15T10:00:00.5", "2025-01-15T10:00:00.500Z")]
    [InlineData("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z")]
    public void Rfc_3339_times_and_offsetless_times_are_read_and_written_back_as_utc(string text, string utc)
    {
        Assert.True(OcppDateTime.TryParse(Encoding.UTF8.GetBytes(text), out var value), $"Expected '{text}' to parse.");
        Assert.True(OcppDateTime.TryParse(text, out var fromChars), $"Expected '{text}' to parse from UTF-16.");
        Expect.Equal(value, fromChars, $"'{text}' read from UTF-8 and from UTF-16");
        Expect.Equal(utc, OcppDateTime.Format(value), $"'{text}' formatted as UTC");
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2025-01-15")]
    [InlineData("2025-01-15T10:00Z")]
    [InlineData("2025-01-15 10:00:00Z")]
    [InlineData("2025-1-15T10:00:00Z")]
    [InlineData("2025-13-15T10:00:00Z")]
    [InlineData("2023-02-29T10:00:00Z")]
    [InlineData("2025-01-15T24:00:00Z")]
    [InlineData("2025-01-15T10:60:00Z")]
    [InlineData("2025-01-15T10:00:60Z")]
    [InlineData("2025-01-15T10:00:00.Z")]
    [InlineData("2025-01-15T10:00:00ZZ")]
    [InlineData("2025-01-15T10:00:00+1:00")]
    [InlineData("2025-01-15T10:00:00+15:00")]
    [InlineData("2025-01-15T10:00:00+01:60")]
    [InlineData("2025-01-15T10:00:00 ")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("2025-01-15T10:00:00Ω")]
    public void Garbage_and_impossible_times_are_refused(string text)
    {
        Assert.False(OcppDateTime.TryParse(Encoding.UTF8.GetBytes(text), out _), $"Expected '{text}' to be refused as UTF-8.");
        Assert.False(OcppDateTime.TryParse(text, out _), $"Expected '{text}' to be refused as UTF-16.");
    }
}
