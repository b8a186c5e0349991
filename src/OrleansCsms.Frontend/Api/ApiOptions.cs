namespace OrleansCsms.Frontend.Api;

/// <summary>Operator API settings, bound from the "Api" configuration section.</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// Accepted API keys (sent as the X-Api-Key header or "Authorization: Bearer"). With none configured the
    /// API is open, which the host allows only when it listens on loopback.
    /// </summary>
    public IList<string> Keys { get; } = [];
}
