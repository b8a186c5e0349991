using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Grains;

/// <summary>
/// The local authorization list calls phrased for OCPP 2.0.1 (D01, D02): entries name an idToken with its type and
/// carry an idTokenInfo, the list is numbered by versionNumber, and the station's limit is a device model variable.
/// </summary>
internal static class LocalAuthListV201Messages
{
    public const string Controller = "LocalAuthListCtrlr";

    /// <summary>How many entries one SendLocalList may carry (D01.FR.11).</summary>
    public const string ItemsPerMessageKey = Controller + ".ItemsPerMessage";

    /// <summary>
    /// A Full update carries every entry (none at all for an empty list: the schema allows no empty array); a
    /// Differential one the entries added or changed since <paramref name="previous"/>, and the removed ones without
    /// idTokenInfo, which is how 2.0.1 says "delete" too (D01.FR.17).
    /// </summary>
    public static JsonElement SendLocalListRequest(int version, bool full, IReadOnlyList<LocalAuthListEntry> entries, IReadOnlyList<LocalAuthListEntry> previous)
    {
        var list = new JsonArray();
        if (full)
        {
            foreach (var entry in entries)
            {
                list.Add(Entry(entry, withInfo: true));
            }
        }
        else
        {
            var before = previous.ToDictionary(e => e.IdTag, StringComparer.Ordinal);
            var now = entries.Select(e => e.IdTag).ToHashSet(StringComparer.Ordinal);
            foreach (var entry in entries.Where(e => !before.TryGetValue(e.IdTag, out var was) || was != e))
            {
                list.Add(Entry(entry, withInfo: true));
            }

            foreach (var removed in previous.Where(e => !now.Contains(e.IdTag)))
            {
                list.Add(Entry(removed, withInfo: false));
            }
        }

        return ChargePointCommands.Payload(new JsonObject
        {
            ["versionNumber"] = version,
            ["updateType"] = full ? "Full" : "Differential",
            ["localAuthorizationList"] = list.Count > 0 ? list : null,
        });
    }

    /// <summary>How many entries a SendLocalList request carries.</summary>
    public static int EntryCount(JsonElement request) =>
        request.TryGetProperty("localAuthorizationList", out var list) ? list.GetArrayLength() : 0;

    /// <summary>A positive integer variable of a GetVariables answer, or null when it was not Accepted or is not one.</summary>
    public static int? VariableLimit(JsonElement? payload, string key)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } answer
            || !answer.TryGetProperty("getVariableResult", out var results)
            || results.ValueKind != JsonValueKind.Array
            || !DeviceModelKeys.TryParse(key, out var wanted))
        {
            return null;
        }

        var value = results.EnumerateArray()
            .Where(r => r.TryGetProperty("attributeStatus", out var status) && status.GetString() == "Accepted"
                && Named(r, "component", wanted.Component) && Named(r, "variable", wanted.Variable)
                && r.TryGetProperty("attributeValue", out var text) && text.ValueKind == JsonValueKind.String)
            .Select(r => r.GetProperty("attributeValue").GetString())
            .FirstOrDefault();
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0 ? limit : null;
    }

    // Component and variable names are case-insensitive in OCPP 2.0.1.
    private static bool Named(JsonElement result, string part, string name) =>
        result.TryGetProperty(part, out var element) && element.TryGetProperty("name", out var actual)
        && string.Equals(actual.GetString(), name, StringComparison.OrdinalIgnoreCase);

    private static JsonObject Entry(LocalAuthListEntry entry, bool withInfo)
    {
        var data = new JsonObject { ["idToken"] = Token(entry.IdTag, IdTokenTypes.Of(entry.IdTokenType)) };
        if (withInfo)
        {
            var info = entry.IdTagInfo;
            data["idTokenInfo"] = new JsonObject
            {
                ["status"] = info.Status,
                ["cacheExpiryDateTime"] = ChargePointCommands.Timestamp(info.ExpiryDate),
                ["groupIdToken"] = info.ParentIdTag is { } parent ? Token(parent, IdTokenTypes.Central) : null,
                ["personalMessage"] = info.PersonalMessage is { } message
                    ? new JsonObject { ["format"] = "UTF8", ["language"] = info.PersonalMessageLanguage, ["content"] = message }
                    : null,
            };
        }

        return data;
    }

    private static JsonObject Token(string idToken, string type) => new() { ["idToken"] = idToken, ["type"] = type };
}
