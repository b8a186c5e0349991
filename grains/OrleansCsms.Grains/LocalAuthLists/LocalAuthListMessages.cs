using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>The OCPP 1.6 calls of the Local Auth List Management profile.</summary>
internal static class LocalAuthListMessages
{
    public const string SendLocalList = "SendLocalList";
    public const string GetLocalListVersion = "GetLocalListVersion";
    public const string MaxLengthKey = "LocalAuthListMaxLength";
    public const string SendMaxLengthKey = "SendLocalListMaxLength";

    public static JsonElement GetLocalListVersionRequest() => JsonSerializer.SerializeToElement(new JsonObject());

    /// <summary>
    /// A Full update carries every entry; a Differential one the entries added or whose idTagInfo changed since
    /// <paramref name="previous"/>, and the removed ones without idTagInfo, which is how 1.6 says "delete".
    /// </summary>
    public static JsonElement SendLocalListRequest(int version, bool full, IReadOnlyList<LocalAuthListEntry> entries, IReadOnlyList<LocalAuthListEntry> previous)
    {
        var list = new JsonArray();
        if (full)
        {
            foreach (var entry in entries)
            {
                list.Add(Entry(entry.IdTag, entry.IdTagInfo));
            }
        }
        else
        {
            var before = previous.ToDictionary(e => e.IdTag, e => e.IdTagInfo, StringComparer.Ordinal);
            var now = entries.Select(e => e.IdTag).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in entries.Where(e => !before.TryGetValue(e.IdTag, out var info) || info != e.IdTagInfo))
            {
                list.Add(Entry(entry.IdTag, entry.IdTagInfo));
            }

            foreach (var removed in previous.Where(e => !now.Contains(e.IdTag)))
            {
                list.Add(Entry(removed.IdTag, info: null));
            }
        }

        return JsonSerializer.SerializeToElement(new JsonObject
        {
            ["listVersion"] = version,
            ["localAuthorizationList"] = list,
            ["updateType"] = full ? "Full" : "Differential",
        });
    }

    /// <summary>The status of a SendLocalList.conf, or null when the payload has none.</summary>
    public static string? Status(JsonElement? payload) =>
        payload is { ValueKind: JsonValueKind.Object } answer && answer.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
            ? status.GetString()
            : null;

    /// <summary>The listVersion of a GetLocalListVersion.conf (versionNumber in OCPP 2.0.1), or null when the payload has none.</summary>
    public static int? ListVersion(JsonElement? payload) =>
        payload is { ValueKind: JsonValueKind.Object } answer
            && (answer.TryGetProperty("listVersion", out var version) || answer.TryGetProperty("versionNumber", out version))
            && version.TryGetInt32(out var value)
            ? value
            : null;

    /// <summary>A positive integer configuration key of a GetConfiguration.conf, or null when it is absent or not one.</summary>
    public static int? ConfigurationLimit(JsonElement? payload, string key)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } answer
            || !answer.TryGetProperty("configurationKey", out var entries)
            || entries.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        // Keys are CiString50 in OCPP 1.6: case-insensitive.
        var value = entries.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object
                && e.TryGetProperty("key", out var name) && string.Equals(name.GetString(), key, StringComparison.OrdinalIgnoreCase)
                && e.TryGetProperty("value", out var text) && text.ValueKind == JsonValueKind.String)
            .Select(e => e.GetProperty("value").GetString())
            .FirstOrDefault();
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0 ? limit : null;
    }

    private static JsonObject Entry(string idTag, IdTagInfo? info)
    {
        var entry = new JsonObject { ["idTag"] = idTag };
        if (info is not null)
        {
            // Optional fields are left out rather than sent as null: the 1.6 schemas do not allow null.
            var idTagInfo = new JsonObject { ["status"] = info.Status };
            if (info.ExpiryDate is { } expiry)
            {
                idTagInfo["expiryDate"] = expiry.UtcDateTime;
            }

            // A 2.0.1 group token longer than 1.6's CiString20 is left out: the entry keeps its status.
            if (info.ParentIdTag is { Length: <= 20 } parent)
            {
                idTagInfo["parentIdTag"] = parent;
            }

            entry["idTagInfo"] = idTagInfo;
        }

        return entry;
    }
}
