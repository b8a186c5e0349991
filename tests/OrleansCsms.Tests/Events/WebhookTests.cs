using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Events;

/// <summary>Webhooks: a local HTTP listener that fails first, then takes what the CSMS posts, signed, in order, once each.</summary>
public sealed class WebhookTests
{
    private const string Secret = "webhook-secret-for-tests";

    [Fact]
    public async Task A_webhook_answering_500_is_retried_and_gets_each_event_of_its_types_signed_in_order()
    {
        await using var receiver = WebhookReceiver.Start(HttpStatusCode.InternalServerError, HttpStatusCode.OK);
        await using var host = await CsmsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Events:Webhooks:0:Url"] = receiver.Url,
            ["Events:Webhooks:0:Secret"] = Secret,
            ["Events:Webhooks:0:Types:0"] = "Connected",
            ["Events:Webhooks:0:Types:1"] = "Booted",
            ["Events:PollMilliseconds"] = "100",
            ["Events:WebhookRetrySeconds"] = "0.2",
        });
        var delivery = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>(receiver.Url);
        await Poll.UntilAsync(async _ => (await delivery.GetAsync()).Started, TimeSpan.FromSeconds(30), "the webhook's deliverer to place its cursor");

        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(0, "Available"));
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        var failed = await receiver.NextAsync("the first delivery, answered 500");
        var retried = await receiver.NextAsync("the retry of the first delivery");
        var booted = await receiver.NextAsync("the boot's delivery");

        foreach (var request in new[] { failed, retried, booted })
        {
            Assert.True(request.Signature == Signature(request.Body), $"Expected X-Csms-Signature to be the HMAC-SHA256 of the body with the secret: {request.Signature} for {request.Body}");
            Assert.Equal("application/json", request.ContentType);
        }

        Assert.Equal(("Connected", "Connected", "Booted"), (failed.Type, retried.Type, booted.Type));
        Assert.Equal(failed.Body, retried.Body);
        Assert.Equal(failed.DeliveryId, retried.DeliveryId);
        Assert.NotEqual(retried.DeliveryId, booted.DeliveryId);
        using var connected = JsonDocument.Parse(retried.Body);
        using var boot = JsonDocument.Parse(booted.Body);
        Assert.Equal(chargePoint.Id, connected.RootElement.GetProperty("chargePointId").GetString());
        Assert.Equal(retried.DeliveryId, connected.RootElement.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Booted", boot.RootElement.GetProperty("type").GetString());
        Assert.Equal("Acme", boot.RootElement.GetProperty("data").GetProperty("vendor").GetString());

        var state = await Poll.UntilAsync(
            _ => delivery.GetAsync(),
            s => s.Delivered == boot.RootElement.GetProperty("id").GetInt64(),
            TimeSpan.FromSeconds(10),
            "the deliverer to record the boot as delivered",
            s => $"delivered up to {s.Delivered}");
        Assert.Equal(0, state.Value.Failures);
        Assert.False(receiver.HasMore, "Expected nothing delivered besides the two types the webhook asked for.");
    }

    [Fact]
    public async Task An_admin_sees_a_failing_webhook_fall_behind_with_its_last_error_and_no_credentials_of_its_url()
    {
        await using var receiver = WebhookReceiver.Start(HttpStatusCode.ServiceUnavailable);
        var withCredentials = receiver.Url.Replace("http://", "http://hook-user:hook-password-0001@", StringComparison.Ordinal) + "other";
        await using var host = await CsmsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Events:Webhooks:0:Url"] = receiver.Url,
            ["Events:Webhooks:0:Secret"] = Secret,
            ["Events:Webhooks:1:Url"] = withCredentials,
            ["Events:Webhooks:1:Secret"] = Secret,
            ["Events:Webhooks:1:Types:0"] = "Booted",
            ["Events:PollMilliseconds"] = "100",
            ["Events:WebhookRetrySeconds"] = "0.2",
        });
        var delivery = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IWebhookDeliveryGrain>(receiver.Url);
        await Poll.UntilAsync(async _ => (await delivery.GetAsync()).Started, TimeSpan.FromSeconds(30), "the webhook's deliverer to place its cursor");

        await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        await receiver.NextAsync("a first delivery, answered 503");
        await receiver.NextAsync("its retry, answered 503 again");

        var (listed, _) = await Poll.UntilAsync(
            async cancellationToken => await (await host.Api.GetAsync("/api/webhooks", cancellationToken)).Content.ReadFromJsonAsync<JsonElement>(cancellationToken),
            list => list[0].GetProperty("failures").GetInt32() >= 2,
            TimeSpan.FromSeconds(10),
            "GET /api/webhooks to count the failed attempts",
            list => list.ToString());

        var failing = listed[0];
        Assert.True(failing.GetProperty("url").GetString() == receiver.Url && failing.GetProperty("behind").GetInt64() >= 1
                && failing.GetProperty("lastError").GetString()!.Contains("503", StringComparison.Ordinal),
            $"Expected the failing webhook listed as behind with the 503 as its last error, but it is {failing}.");
        var other = listed[1].GetProperty("url").GetString()!;
        Assert.True(!other.Contains("hook-password-0001", StringComparison.Ordinal) && !other.Contains("hook-user", StringComparison.Ordinal)
                && listed[1].GetProperty("types")[0].GetString() == "Booted",
            $"Expected the second webhook listed with its types and without the user and password of its URL, but it is {listed[1]}.");
    }

    private static string Signature(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private sealed record ReceivedRequest(string Body, string? Signature, string? DeliveryId, string? Type, string? ContentType);

    /// <summary>A webhook receiver on a loopback port: answers each request with the next of its statuses (the last one from then on).</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Channel<ReceivedRequest> _received = Channel.CreateUnbounded<ReceivedRequest>();
        private readonly Queue<HttpStatusCode> _answers;
        private readonly Task _serving;

        private WebhookReceiver(HttpStatusCode[] answers)
        {
            _answers = new Queue<HttpStatusCode>(answers);
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/hooks/csms/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public bool HasMore => _received.Reader.TryPeek(out _);

        public static WebhookReceiver Start(params HttpStatusCode[] answers) => new(answers);

        public async Task<ReceivedRequest> NextAsync(string expectation)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                return await _received.Reader.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"The webhook receiver got no request for {expectation} within 30 s");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var answer = _answers.Count > 1 ? _answers.Dequeue() : _answers.Peek();
                _received.Writer.TryWrite(new ReceivedRequest(
                    body,
                    context.Request.Headers["X-Csms-Signature"],
                    context.Request.Headers["X-Csms-Delivery"],
                    context.Request.Headers["X-Csms-Event"],
                    context.Request.ContentType?.Split(';')[0]));
                context.Response.StatusCode = (int)answer;
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }
}
