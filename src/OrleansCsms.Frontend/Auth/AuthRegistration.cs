using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OrleansCsms.Frontend.Api;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>
/// Operator sign-in: API keys, bearer tokens and the console's cookie as ASP.NET Core schemes, one policy scheme that
/// picks among them by what the request carries, and the role policies the API applies.
/// </summary>
public static class AuthRegistration
{
    public const string PolicyScheme = "csms";
    public const string ApiKeyScheme = "api-key";
    public const string OpenModeScheme = "open";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string TokenScheme = JwtBearerDefaults.AuthenticationScheme;
    public const string CookieName = "csms.auth";

    public static IServiceCollection AddCsmsAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.JwtSigningKey is not { Length: > 0 and < 32 }, "Auth:JwtSigningKey must be at least 32 characters long.")
            .ValidateOnStart();
        services.AddOptions<ApiOptions>()
            .Validate(o => o.KeyRoles.All(k => CsmsAuthorization.TryParseRole(k.Role, out _)), "Every Api:KeyRoles entry needs a Role of viewer, operator or admin.")
            .ValidateOnStart();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton<OperatorSignIn>();
        services.AddSingleton<OperatorAccountPresence>();
        services.AddSingleton<TokenSigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<AdmissionPolicy>();
        services.AddHostedService<OperatorAccessStartup>();
        services.AddHostedService<DataProtectionKeyStartup>();

        services.AddDataProtection().SetApplicationName("OrleansCsms");
        services.AddOptions<KeyManagementOptions>().Configure<ISharedSecretStore>((options, secrets) => options.XmlRepository = new DatabaseXmlRepository(secrets));

        services.AddAuthentication(PolicyScheme)
            .AddPolicyScheme(PolicyScheme, "API key, bearer token or console cookie", options =>
            {
                options.ForwardDefaultSelector = SelectScheme;

                // Whichever scheme failed, the answer is the API's own 401 or 403 problem, never a redirect.
                options.ForwardChallenge = ApiKeyScheme;
                options.ForwardForbid = ApiKeyScheme;
                options.ForwardSignIn = CookieScheme;
                options.ForwardSignOut = CookieScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null)
            .AddScheme<AuthenticationSchemeOptions, OpenModeAuthenticationHandler>(OpenModeScheme, null)
            .AddCookie(CookieScheme)
            .AddJwtBearer(TokenScheme);

        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(auth.Value.CookieLifetimeMinutes);
            options.SlidingExpiration = true;
            options.Events.OnRedirectToLogin = context => StatusOnly(context.Response, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => StatusOnly(context.Response, StatusCodes.Status403Forbidden);
            options.Events.OnValidatePrincipal = CheckCookieAccountAsync;
        });

        services.AddOptions<JwtBearerOptions>(TokenScheme).Configure<TokenSigningKey>((options, key) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = TokenSigningKey.Issuer,
                ValidAudience = TokenSigningKey.Audience,
                IssuerSigningKeyResolver = (_, _, _, _) => [key.Current],
                NameClaimType = CsmsAuthorization.NameClaim,
                RoleClaimType = CsmsAuthorization.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents { OnTokenValidated = CheckTokenAccountAsync };
        });

        services.AddAuthorizationBuilder().AddCsmsPolicies();
        return services;
    }

    /// <summary>The scheme a request's credentials belong to; a request with none is for the open mode to judge.</summary>
    private static string SelectScheme(HttpContext context)
    {
        if (!string.IsNullOrWhiteSpace(context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName]))
        {
            return ApiKeyScheme;
        }

        if (ApiKeyAuthenticationHandler.BearerValue(context.Request) is { } bearer)
        {
            // A configured key wins even when it happens to be shaped like a token.
            var keys = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue;
            return ApiKeyAuthenticationHandler.LooksLikeToken(bearer) && ApiKeyAuthenticationHandler.Match(keys, bearer) is null ? TokenScheme : ApiKeyScheme;
        }

        return context.Request.Cookies.ContainsKey(CookieName) ? CookieScheme : OpenModeScheme;
    }

    // A disabled, deleted or re-roled account loses or changes its rights at its next request, whatever its cookie says.
    private static async Task CheckCookieAccountAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.FindFirst(CsmsAuthorization.NameClaim)?.Value;
        var role = name is null ? null : await context.HttpContext.RequestServices.GetRequiredService<OperatorSignIn>().CurrentRoleAsync(name, context.HttpContext.RequestAborted);
        if (role is not { } current)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }

        if (CsmsAuthorization.RoleOf(context.Principal!) != current)
        {
            context.ReplacePrincipal(CsmsAuthorization.Principal(name!, current, CookieScheme));
            context.ShouldRenew = true;
        }
    }

    private static async Task CheckTokenAccountAsync(TokenValidatedContext context)
    {
        var name = context.Principal?.FindFirst(CsmsAuthorization.NameClaim)?.Value;
        var role = name is null ? null : await context.HttpContext.RequestServices.GetRequiredService<OperatorSignIn>().CurrentRoleAsync(name, context.HttpContext.RequestAborted);
        if (role is not { } current)
        {
            context.Fail("The token's account is disabled or no longer exists.");
            return;
        }

        context.Principal = CsmsAuthorization.Principal(name!, current, TokenScheme);
    }

    private static Task StatusOnly(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
