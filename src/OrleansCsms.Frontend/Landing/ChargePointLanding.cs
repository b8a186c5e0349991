using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Frontend.Overview;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Landing;

/// <summary>
/// The public page of each charge point at /charge/{id}, and its QR code as SVG and PNG. Open to anyone (a driver
/// scanning the code has no account), so they show only what the charge point itself shows.
/// </summary>
public static class ChargePointLanding
{
    // A code printed on a charge point is scanned for years; its target only changes with Console:PublicBaseUrl.
    private const string QrCacheControl = "public, max-age=86400";

    public static IEndpointRouteBuilder MapChargePointLanding(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup("/charge").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/{id}", PageAsync).WithName("ChargePointLandingPage");
        pages.MapGet("/{id}/qr.svg", QrSvgAsync).WithName("ChargePointLandingQrSvg");
        pages.MapGet("/{id}/qr.png", QrPngAsync).WithName("ChargePointLandingQrPng");
        return endpoints;
    }

    public static async Task<IResult> PageAsync(
        string id, HttpContext http, [FromServices] IGrainFactory grains, [FromServices] IOptions<ConsoleDataOptions> options, [FromServices] IOptions<OcppOptions> ocpp)
    {
        var settings = options.Value;
        if (await FindAsync(id, grains, ocpp.Value) is not { } state)
        {
            return NotFound(settings);
        }

        // Statuses change by the minute: a stale page would send a driver to a busy connector.
        http.Response.Headers.CacheControl = "no-cache";
        return new RazorComponentResult<ChargePointPage>(new { Model = ChargePointLandingModel.From(state, settings.OperatorName, settings.StartInstructions) });
    }

    public static async Task<IResult> QrSvgAsync(
        string id, HttpContext http, [FromServices] IGrainFactory grains, [FromServices] IOptions<ConsoleDataOptions> options, [FromServices] IOptions<OcppOptions> ocpp)
    {
        if (await FindAsync(id, grains, ocpp.Value) is null)
        {
            return NotFound(options.Value);
        }

        http.Response.Headers.CacheControl = QrCacheControl;
        return TypedResults.Text(LandingQrCode.Svg(PageUrl(http.Request, options.Value, id)), "image/svg+xml", System.Text.Encoding.UTF8);
    }

    public static async Task<IResult> QrPngAsync(
        string id, HttpContext http, [FromServices] IGrainFactory grains, [FromServices] IOptions<ConsoleDataOptions> options, [FromServices] IOptions<OcppOptions> ocpp)
    {
        if (await FindAsync(id, grains, ocpp.Value) is null)
        {
            return NotFound(options.Value);
        }

        http.Response.Headers.CacheControl = QrCacheControl;
        return TypedResults.Bytes(LandingQrCode.Png(PageUrl(http.Request, options.Value, id)), "image/png");
    }

    /// <summary>
    /// The absolute URL of a charge point's page: under Console:PublicBaseUrl when set, else under the scheme and host the
    /// request came to (behind a proxy that rewrites them, set PublicBaseUrl).
    /// </summary>
    public static string PageUrl(HttpRequest request, ConsoleDataOptions options, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var root = options.PublicBaseUrl is { } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{root}/charge/{Uri.EscapeDataString(id)}";
    }

    /// <summary>The registered charge point of that id; null for an unknown one, or an id no charge point could have (never asked of a grain).</summary>
    private static async Task<ChargePointState?> FindAsync(string id, IGrainFactory grains, OcppOptions ocpp) =>
        ChargePointIdentity.Problem(id, ocpp.MaxIdentityLength) is null ? await grains.GetGrain<IChargePointGrain>(id).GetAsync() : null;

    private static IResult NotFound(ConsoleDataOptions options) =>
        new RazorComponentResult<NotFoundPage>(new { options.OperatorName }) { StatusCode = StatusCodes.Status404NotFound };
}
