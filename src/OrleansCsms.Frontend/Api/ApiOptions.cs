using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Frontend.Api;

/// <summary>Operator API settings, bound from the "Api" configuration section.</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// Accepted API keys (sent as the X-Api-Key header or "Authorization: Bearer"), each with the admin role; an empty
    /// entry counts as none. With no key and no operator account the API is open, which the host allows only when it
    /// listens on loopback.
    /// </summary>
    public IList<string> Keys { get; } = [];

    /// <summary>Further API keys with a role of their own (viewer, operator or admin).</summary>
    public IList<ApiKeyRole> KeyRoles { get; } = [];

    /// <summary>Largest request body the API reads, in bytes; a bigger one gets 413. File uploads have their own Files:* limits.</summary>
    [Range(1024, int.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The configured keys with their roles, empty ones left out.</summary>
    public IReadOnlyList<ApiKeyRole> ConfiguredKeys() =>
    [
        .. Keys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => new ApiKeyRole { Key = k, Role = "admin" }),
        .. KeyRoles.Where(k => !string.IsNullOrWhiteSpace(k.Key)),
    ];
}

/// <summary>An API key and the role it signs in with.</summary>
public sealed class ApiKeyRole
{
    public string? Key { get; set; }

    [RegularExpression("^(viewer|operator|admin)$")]
    public string Role { get; set; } = "admin";
}
