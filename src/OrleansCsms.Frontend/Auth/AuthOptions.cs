using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Frontend.Auth;

/// <summary>Operator sign-in settings, bound from the "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The key bearer tokens are signed with (at least 32 characters). Without one, a random key is generated once and
    /// kept in the database, so every front-end of a cluster signs and checks with the same key.
    /// </summary>
    public string? JwtSigningKey { get; set; }

    /// <summary>How long a bearer token from POST /api/auth/token stays valid, in minutes.</summary>
    [Range(1, 7 * 24 * 60)]
    public int TokenLifetimeMinutes { get; set; } = 60;

    /// <summary>How long a console sign-in lasts without use, in minutes (each request renews it).</summary>
    [Range(1, 30 * 24 * 60)]
    public int CookieLifetimeMinutes { get; set; } = 8 * 60;

    /// <summary>Sign-ins to one name that may fail in a row before the name is locked (console, login and token alike).</summary>
    [Range(1, 1000)]
    public int SignInFailuresBeforeLockout { get; set; } = 5;

    /// <summary>The first lockout of a name, in seconds; each further failed attempt after it doubles it.</summary>
    [Range(1, 24 * 60 * 60)]
    public int SignInLockoutSeconds { get; set; } = 30;

    /// <summary>The longest a name stays locked, in seconds.</summary>
    [Range(1, 24 * 60 * 60)]
    public int SignInLongestLockoutSeconds { get; set; } = 15 * 60;

    /// <summary>An admin account created at start when no account exists yet.</summary>
    public InitialAdminOptions InitialAdmin { get; set; } = new();
}

/// <summary>The first admin account; an empty name or password counts as none.</summary>
public sealed class InitialAdminOptions
{
    public string? Name { get; set; }

    public string? Password { get; set; }
}
