using System.Diagnostics.CodeAnalysis;

namespace OrleansCsms.Ocpp;

/// <summary>The OCPP versions this library knows by name.</summary>
public enum OcppVersion
{
    V16,
    V201,
}

/// <summary>Maps OCPP versions to WebSocket subprotocols and says which ones are served.</summary>
public static class OcppVersions
{
    private sealed record Entry(OcppVersion Version, string Subprotocol, bool IsSupported);

    private static readonly Entry[] Entries =
    [
        new(OcppVersion.V16, "ocpp1.6", IsSupported: true),
        new(OcppVersion.V201, "ocpp2.0.1", IsSupported: true),
    ];

    /// <summary>Subprotocols offered in the WebSocket handshake, most preferred first.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        Entries.Where(e => e.IsSupported).Select(e => e.Subprotocol).ToArray();

    public static bool IsSupported(OcppVersion version) => Find(version).IsSupported;

    public static string ToSubprotocol(OcppVersion version) => Find(version).Subprotocol;

    /// <summary>The version named by a subprotocol; throws for one this library does not know.</summary>
    public static OcppVersion FromSubprotocol(string subprotocol) =>
        TryFromSubprotocol(subprotocol, out var version)
            ? version
            : throw new ArgumentException($"'{subprotocol}' is not an OCPP subprotocol.", nameof(subprotocol));

    /// <remarks>
    /// Case-insensitive because some charge points announce "OCPP1.6" although the registered
    /// token is lower case.
    /// </remarks>
    public static bool TryFromSubprotocol([NotNullWhen(true)] string? subprotocol, out OcppVersion version)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Subprotocol, subprotocol, StringComparison.OrdinalIgnoreCase))
            {
                version = entry.Version;
                return true;
            }
        }

        version = default;
        return false;
    }

    private static Entry Find(OcppVersion version)
    {
        foreach (var entry in Entries)
        {
            if (entry.Version == version)
            {
                return entry;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(version), version, "Unknown OCPP version.");
    }
}
