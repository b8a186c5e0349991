using System.Text.Json;

namespace OrleansCsms.Simulator;

/// <summary>What a scripted charge point answers to the central system's calls when the script does not say.</summary>
public static class DefaultReplies
{
    private static readonly Dictionary<string, string> Replies = new(StringComparer.Ordinal)
    {
        ["UnlockConnector"] = """{"status":"Unlocked"}""",
        ["GetConfiguration"] = """{"configurationKey":[]}""",
        ["GetLocalListVersion"] = """{"listVersion":0}""",
        ["GetDiagnostics"] = "{}",
        ["UpdateFirmware"] = "{}",
        ["GetCompositeSchedule"] = """{"status":"Rejected"}""",
    };

    private static readonly JsonElement Accepted = JsonElement.Parse("""{"status":"Accepted"}""");

    /// <summary>The usual positive answer for <paramref name="action"/>: most confirmations are a status of Accepted.</summary>
    public static JsonElement For(string action) =>
        Replies.TryGetValue(action, out var reply) ? JsonElement.Parse(reply) : Accepted;
}
