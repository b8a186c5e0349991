using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Auth;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// How far each configured webhook has come. A webhook holds its later events back until the one it is on is taken
/// (retrying with backoff, without end), so a receiver that keeps failing shows here: its failures, the last error
/// and how far behind the stream it is.
/// </summary>
public static class WebhooksApi
{
    private const string Tag = "Events";

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/webhooks").WithTags(Tag).RequireAuthorization(CsmsAuthorization.AdminPolicy)
            .MapGet("/", ListAsync)
            .WithName("ListWebhooks")
            .WithSummary(
                "Lists the configured webhooks (admin) with their delivery: the position delivered, the stream's last position, " +
                "how many events it is behind at most, and the failed attempts and last error of the event it is on.");
        return endpoints;
    }

    public static async Task<Ok<List<WebhookStatusResponse>>> ListAsync(
        [FromServices] IOptions<EventOptions> options,
        [FromServices] IGrainFactory grains,
        [FromServices] IEventOutbox outbox,
        CancellationToken cancellationToken)
    {
        var last = await outbox.LastPositionAsync(cancellationToken);
        var configured = options.Value.Webhooks;
        var deliveries = await Task.WhenAll(configured.Select(w => grains.GetGrain<IWebhookDeliveryGrain>(w.Url).GetAsync()));
        var webhooks = configured.Zip(deliveries, (webhook, delivery) => new WebhookStatusResponse(
            WithoutCredentials(webhook.Url),
            [.. webhook.Types],
            delivery.Started,
            delivery.Delivered,
            last,
            delivery.Started ? Math.Max(0, last - delivery.Delivered) : 0,
            delivery.Failures,
            delivery.LastError)).ToList();

        return TypedResults.Ok(webhooks);
    }

    /// <summary>The URL without a user name or password in it: those are the receiver's secret, not the operator's to read.</summary>
    private static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}

/// <summary>
/// One webhook's delivery: <paramref name="Behind"/> counts the stream's events after the one delivered, some of which
/// its <paramref name="Types"/> may leave out; <paramref name="Failures"/> and <paramref name="LastError"/> are about
/// the event it is on now (0 and null when that is going well).
/// </summary>
public sealed record WebhookStatusResponse(
    string Url,
    IReadOnlyList<string> Types,
    bool Started,
    long Delivered,
    long LastPosition,
    long Behind,
    int Failures,
    string? LastError);
