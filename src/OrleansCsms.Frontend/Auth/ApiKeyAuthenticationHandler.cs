using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Api;

namespace OrleansCsms.Frontend.Auth;

/// <summary>
/// Signs a request in with a configured API key, sent as X-Api-Key or as "Authorization: Bearer" (the policy scheme
/// sends a bearer value here unless it is shaped as a token and no configured key). Its challenge and forbid answers
/// are the API's 401 and 403 problems, for every scheme.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (Match(api.CurrentValue, presented) is { } configured && CsmsAuthorization.TryParseRole(configured.Role, out var role))
        {
            var principal = CsmsAuthorization.Principal("api-key", role, Scheme.Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
        }

        return Task.FromResult(AuthenticateResult.Fail("The API key is not a configured one."));
    }

    /// <summary>The configured key equal to <paramref name="presented"/>, compared in constant time; null when none is.</summary>
    public static ApiKeyRole? Match(ApiOptions options, string presented)
    {
        ArgumentNullException.ThrowIfNull(options);
        ApiKeyRole? match = null;
        foreach (var configured in options.ConfiguredKeys())
        {
            if (FixedTimeEquals(configured.Key!, presented))
            {
                match ??= configured;
            }
        }

        return match;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Credentials required",
                Detail = "Send a configured API key (X-Api-Key or 'Authorization: Bearer <key>'), a token from POST /api/auth/token, or sign in with POST /api/auth/login.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed for this role",
                Detail = "Reading needs the viewer role, changes and commands the operator role, accounts the admin role.",
            },
        });
    }

    /// <summary>The key in X-Api-Key, or else the bearer value; an empty one is none.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(HeaderName, out var key) && !string.IsNullOrWhiteSpace(key))
        {
            return key.ToString();
        }

        return BearerValue(request);
    }

    public static string? BearerValue(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var value = authorization["Bearer ".Length..].Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>A signed token is three base64url parts.</summary>
    public static bool LooksLikeToken(string value) => value.Count(c => c == '.') == 2 && value.Length > 32;

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
