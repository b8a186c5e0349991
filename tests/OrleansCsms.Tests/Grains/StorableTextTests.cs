using System.Text.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

public sealed class StorableTextTests
{
    // Lone surrogates do not survive attribute metadata (stored as UTF-8), so the cases are a table, not [InlineData].
    private static readonly (string Text, string Stored)[] Cases =
    [
        ("plain text", "plain text"),
        ("a\0b", "a\uFFFDb"),
        ("\0\0", "\uFFFD\uFFFD"),
        ("\ud800", "\uFFFD"),
        ("x\udc00y", "x\uFFFDy"),
        ("ok \ud83d\ude00", "ok \ud83d\ude00"),
        ("\ude00\ud83d", "\uFFFD\uFFFD"),
        ("\ud83d\ud83d\ude00", "\uFFFD\ud83d\ude00"),
        ("\ud83d\ude00\0\ud800", "\ud83d\ude00\uFFFD\uFFFD"),
        ("\0 before \ud83d\ude00 and after \udfff", "\uFFFD before \ud83d\ude00 and after \uFFFD"),
    ];

    [Fact]
    public void Nul_and_unpaired_surrogates_become_U_FFFD_and_everything_else_stays()
    {
        foreach (var (text, stored) in Cases)
        {
            var cleaned = StorableText.Clean(text);

            Assert.True(cleaned == stored, $"Expected {Escaped(text)} to be stored as {Escaped(stored)} but it became {Escaped(cleaned)}.");
            Assert.True(StorableText.IsStorable(text) == (text == stored), $"IsStorable must say whether {Escaped(text)} needs replacing.");
        }
    }

    [Fact]
    public void Text_that_can_be_stored_is_the_same_instance()
    {
        var text = new string('x', 3) + "\ud83d\ude00";

        Assert.Same(text, StorableText.Clean(text));
    }

    [Fact]
    public void Grain_state_is_written_without_nul_or_unpaired_surrogates_so_every_store_accepts_it()
    {
        var state = new ChargePointState { Id = "CP-1", Description = "bay\u00002", Location = "\ud800" };
        state.Connectors[1] = new ConnectorState("Faulted", "OtherError", DateTimeOffset.UnixEpoch, Info: "x\udc00", VendorErrorCode: "\0");

        var json = JsonSerializer.Serialize(state, GrainJson.Options);

        Assert.False(json.Contains("\\u0000", StringComparison.OrdinalIgnoreCase), $"PostgreSQL's jsonb rejects \\u0000, but the state is written as {json}");
        var read = JsonSerializer.Deserialize<ChargePointState>(json, GrainJson.Options)!;
        Assert.Equal("bay\uFFFD2", read.Description);
        Assert.Equal("\uFFFD", read.Location);
        Assert.Equal("x\uFFFD", read.Connectors[1].Info);
        Assert.Equal("\uFFFD", read.Connectors[1].VendorErrorCode);
    }

    // Every UTF-16 unit outside printable ASCII as \uXXXX, lone surrogates included, which a JSON writer would not show.
    private static string Escaped(string text) =>
        '"' + string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}")) + '"';
}
