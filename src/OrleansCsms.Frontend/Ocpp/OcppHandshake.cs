using System.Net.Http.Headers;
using System.Text;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>The checks a WebSocket upgrade passes before it becomes an OCPP connection, as pure functions.</summary>
internal static class OcppHandshake
{
    /// <summary>
    /// The charge point identity: the last path segment as sent, percent-decoded once; empty when there is none (a path
    /// ending in '/', or the bare endpoint path /ocpp). Any prefix is accepted.
    /// </summary>
    public static string IdentityFrom(IReadOnlyList<string> rawPathSegments)
    {
        if (rawPathSegments.Count == 0 || rawPathSegments is [var only] && only.Equals("ocpp", StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }

        return ChargePointIdentity.Decode(rawPathSegments[^1]);
    }

    /// <summary>The first subprotocol in the charge point's order of preference that this server speaks.</summary>
    public static OcppVersion? NegotiateVersion(IEnumerable<string> offered)
    {
        foreach (var protocol in offered)
        {
            if (OcppVersions.TryFromSubprotocol(protocol.Trim(), out var version) && OcppVersions.IsSupported(version))
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>The password of HTTP Basic credentials whose user is the charge point identity; null when absent or for another user.</summary>
    public static string? BasicPassword(string? authorization, string identity)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && decoded[..colon] == identity ? decoded[(colon + 1)..] : null;
    }
}
