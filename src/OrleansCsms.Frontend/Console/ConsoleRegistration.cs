using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Frontend.Auth;

namespace OrleansCsms.Frontend.Console;

/// <summary>
/// The operator console at /console: Razor components rendered on the server for each request (static rendering with
/// streaming, enhanced navigation and forms), and one small script for live updates and charts. Nothing lives in a
/// server-side circuit, so any front-end behind a load balancer serves any request.
/// </summary>
public static class ConsoleRegistration
{
    public const string BasePath = "/console";
    public const string LoginPath = "/console/login";

    public static IServiceCollection AddCsmsConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConsoleAssets>();
        services.AddSingleton<ConsoleCommands>();
        services.AddRazorComponents();
        return services;
    }

    /// <summary>
    /// Sends a browser that is not signed in from any console page to the sign-in page, and keeps console pages out of
    /// other sites' frames. Runs after authentication, before antiforgery and the endpoints.
    /// </summary>
    public static IApplicationBuilder UseCsmsConsoleSignIn(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments(BasePath) && !path.StartsWithSegments(ConsoleAssets.PathPrefix))
            {
                context.Response.Headers.XFrameOptions = "DENY";
                context.Response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                if (!path.StartsWithSegments(LoginPath) && CsmsAuthorization.RoleOf(context.User) is null)
                {
                    context.Response.Redirect(LoginPath + "?returnUrl=" + Uri.EscapeDataString(path + context.Request.QueryString));
                    return;
                }
            }

            await next(context);
        });

    public static IEndpointRouteBuilder MapCsmsConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ConsoleAssets.PathPrefix + "/{name}", (string name, string? v, ConsoleAssets assets) => assets.Serve(name, v))
            .AllowAnonymous()
            .ExcludeFromDescription();
        endpoints.MapPost(BasePath + "/logout", SignOutAsync)
            .ExcludeFromDescription();
        endpoints.MapRazorComponents<App>();
        return endpoints;
    }

    /// <summary>Signs the console out; a form of this console only (its antiforgery token), so no other site can sign anyone out.</summary>
    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest();
        }

        await context.SignOutAsync(AuthRegistration.CookieScheme);
        return TypedResults.Redirect(LoginPath);
    }
}
