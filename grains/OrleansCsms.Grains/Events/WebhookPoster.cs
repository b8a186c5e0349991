using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>
/// Posts one event to a webhook: the event as JSON, signed with HMAC-SHA256 over the exact body bytes with the
/// webhook's secret (<c>X-Csms-Signature: sha256=&lt;hex&gt;</c>), its type in <c>X-Csms-Event</c>, and in
/// <c>X-Csms-Delivery</c> its position, which stays the same across retries so a receiver can drop a repeat.
/// </summary>
public sealed class WebhookPoster(IOptions<EventOptions> options) : IDisposable
{
    public const string SignatureHeader = "X-Csms-Signature";
    public const string DeliveryHeader = "X-Csms-Delivery";
    public const string EventHeader = "X-Csms-Event";

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(options.Value.WebhookTimeoutSeconds),
    };

    /// <summary>Posts the event; returns null when the webhook answered 2xx, otherwise what went wrong.</summary>
    public async Task<string?> PostAsync(WebhookOptions webhook, StoredEvent stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(stored);
        var body = EventJson.Envelope(stored);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Signature(webhook.Secret, body));
        request.Headers.Add(DeliveryHeader, stored.Position.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(EventHeader, stored.Type);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ex.Message;
        }
    }

    /// <summary>The signature header's value for <paramref name="body"/>: <c>sha256=</c> and the lowercase hex HMAC-SHA256.</summary>
    public static string Signature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public void Dispose() => _http.Dispose();
}
