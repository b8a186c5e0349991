using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

[Collection(CsmsCollection.Name)]
public sealed class IdentityAndFramingTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Theory]
    [InlineData("/ocpp/")]
    [InlineData("/ocpp")]
    public async Task A_handshake_without_an_identity_is_refused_with_400_before_upgrading(string path)
    {
        using var response = await RawWebSocket.UpgradeAsync(Host, path, ["ocpp1.6"]);

        var problem = await RefusalAsync(response, HttpStatusCode.BadRequest, path);
        Assert.True(problem.GetProperty("title").GetString()!.Contains("identity", StringComparison.OrdinalIgnoreCase),
            $"Expected the refusal of {path} to say the identity is missing: {problem}");
    }

    [Fact]
    public async Task An_identity_is_percent_decoded_exactly_once()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var cases = new (string Encoded, string Identity)[]
        {
            ($"CP%2D{suffix}", $"CP-{suffix}"),
            ($"CP%252F{suffix}", $"CP%2F{suffix}"),
            ($"CP%2541{suffix}", $"CP%41{suffix}"),
        };

        foreach (var (encoded, identity) in cases)
        {
            using var socket = await TestChargePoint.OpenAsync(new Uri($"ws://{Host.BaseAddress.Authority}/ocpp/{encoded}"), identity, null, ["ocpp1.6"]);

            using var read = await Host.Api.GetAsync($"/api/charge-points/{Uri.EscapeDataString(identity)}");
            var body = await read.Content.ReadAsStringAsync();
            Assert.True(read.StatusCode == HttpStatusCode.OK,
                $"Expected /ocpp/{encoded} to register the charge point '{identity}', but GET answered {(int)read.StatusCode}: {body}");
            Assert.Equal(identity, JsonDocument.Parse(body).RootElement.GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task The_handshake_accepts_exactly_the_identities_the_api_accepts()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var cases = new (string Identity, bool Valid)[]
        {
            ($"a..b-{suffix}", false),
            ($"..{suffix}", false),
            ($"CP/{suffix}", false),
            ($"CP\u0001{suffix}", false),
            ($"CP-{suffix}".PadRight(49, 'x'), false),
            ($"CP-{suffix}".PadRight(48, 'y'), true),
            ($"CP %+#?.{suffix}", true),
        };

        foreach (var (identity, valid) in cases)
        {
            using var registered = await Host.Api.PostAsJsonAsync("/api/charge-points", new { id = identity });
            using var handshake = await RawWebSocket.UpgradeAsync(Host, $"/ocpp/{Uri.EscapeDataString(identity)}", ["ocpp1.6"]);

            var expected = valid ? (HttpStatusCode.Created, HttpStatusCode.SwitchingProtocols) : (HttpStatusCode.BadRequest, HttpStatusCode.BadRequest);
            Assert.True((registered.StatusCode, handshake.StatusCode) == expected,
                $"Expected '{identity}' to be {(valid ? "accepted" : "refused")} by the API and the handshake alike " +
                $"({(int)expected.Item1} and {(int)expected.Item2}), but the API answered {(int)registered.StatusCode} and the handshake {(int)handshake.StatusCode}.");
        }
    }

    [Fact]
    public async Task Offered_subprotocols_in_one_header_get_the_one_spoken_here()
    {
        using var response = await RawWebSocket.UpgradeAsync(Host, $"/ocpp/{Fresh.ChargePointId()}", ["ocpp2.1", "ocpp1.6"]);

        Assert.True(response.StatusCode == HttpStatusCode.SwitchingProtocols,
            $"Expected 'Sec-WebSocket-Protocol: ocpp2.1, ocpp1.6' to be upgraded, but got {(int)response.StatusCode}.");
        Assert.Equal(["ocpp1.6"], response.Headers.GetValues("Sec-WebSocket-Protocol"));
    }

    [Theory]
    [InlineData("ocpp2.1")]
    [InlineData("")]
    public async Task A_handshake_offering_no_subprotocol_spoken_here_is_refused_with_400_and_a_reason(string offered)
    {
        var path = $"/ocpp/{Fresh.ChargePointId()}";
        using var response = await RawWebSocket.UpgradeAsync(Host, path, offered.Length > 0 ? [offered] : []);

        var problem = await RefusalAsync(response, HttpStatusCode.BadRequest, path);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.True(detail.Contains("ocpp1.6", StringComparison.Ordinal) && detail.Contains("ocpp2.0.1", StringComparison.Ordinal),
            $"Expected the refusal to name the subprotocols to offer: {problem}");
    }

    [Fact]
    public async Task Missing_credentials_of_a_charge_point_with_a_password_get_401_with_a_basic_challenge()
    {
        var id = Fresh.ChargePointId();
        (await Host.Api.PostAsJsonAsync("/api/charge-points", new { id, password = "correct horse battery" })).EnsureSuccessStatusCode();

        using var response = await RawWebSocket.UpgradeAsync(Host, $"/ocpp/{id}", ["ocpp1.6"]);

        await RefusalAsync(response, HttpStatusCode.Unauthorized, $"/ocpp/{id}");
        Assert.True(response.Headers.WwwAuthenticate.Any(c => c.Scheme == "Basic"),
            $"Expected a 'WWW-Authenticate: Basic' challenge, but got '{response.Headers.WwwAuthenticate}'.");
    }

    private static async Task<JsonElement> RefusalAsync(HttpResponseMessage response, HttpStatusCode expected, string path)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected,
            $"Expected the handshake on {path} to be refused with {(int)expected} before upgrading, but got {(int)response.StatusCode}: {body}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json",
            $"Expected the refusal to say why in a problem body, but got '{response.Content.Headers.ContentType}': {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

/// <summary>A host with small limits: identities of at most 20 characters, frames of at most 1,024 bytes.</summary>
public sealed class SmallLimitsHostFixture : IAsyncLifetime
{
    public const int MaxIdentityLength = 20;
    public const int MaxFrameBytes = 1024;

    public CsmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CsmsHost.StartAsync(new Dictionary<string, string?>
    {
        ["Ocpp:MaxIdentityLength"] = MaxIdentityLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ocpp:MaxFrameBytes"] = MaxFrameBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class ConfiguredLimitsTests(SmallLimitsHostFixture fixture) : IClassFixture<SmallLimitsHostFixture>
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task The_configured_maximum_identity_length_applies_to_the_handshake_and_the_api_alike()
    {
        var longest = Fresh.ChargePointId()[..SmallLimitsHostFixture.MaxIdentityLength];
        var tooLong = Fresh.ChargePointId() + "x";

        using var registerTooLong = await Host.Api.PostAsJsonAsync("/api/charge-points", new { id = tooLong });
        using var readTooLong = await Host.Api.GetAsync($"/api/charge-points/{tooLong}");
        using var handshakeTooLong = await RawWebSocket.UpgradeAsync(Host, $"/ocpp/{tooLong}", ["ocpp1.6"]);
        using var registerLongest = await Host.Api.PostAsJsonAsync("/api/charge-points", new { id = longest });
        using var handshakeLongest = await RawWebSocket.UpgradeAsync(Host, $"/ocpp/{longest}", ["ocpp1.6"]);

        Assert.True(
            (registerTooLong.StatusCode, readTooLong.StatusCode, handshakeTooLong.StatusCode) == (HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest),
            $"Expected a {tooLong.Length}-character identity to be refused with 400 by registration, GET and the handshake, but got " +
            $"{(int)registerTooLong.StatusCode}, {(int)readTooLong.StatusCode} and {(int)handshakeTooLong.StatusCode}.");
        Assert.True(
            (registerLongest.StatusCode, handshakeLongest.StatusCode) == (HttpStatusCode.Created, HttpStatusCode.SwitchingProtocols),
            $"Expected a {longest.Length}-character identity to be registered and upgraded, but got {(int)registerLongest.StatusCode} and {(int)handshakeLongest.StatusCode}.");
    }

    [Fact]
    public async Task A_frame_is_closed_with_1009_as_soon_as_its_bytes_pass_the_limit_while_it_is_still_arriving()
    {
        await using var socket = await RawWebSocket.ConnectAsync(Host, Fresh.ChargePointId());

        // The frame announces a megabyte, delivers one byte over the limit, then waits: the server must not wait for more.
        await socket.StartFrameAsync(1024 * 1024, Encoding.ASCII.GetBytes(new string('x', SmallLimitsHostFixture.MaxFrameBytes + 1)));

        var status = await socket.CloseStatusWithinAsync(TimeSpan.FromSeconds(10));
        Assert.True(status == 1009,
            $"Expected close status 1009 (MessageTooBig) once {SmallLimitsHostFixture.MaxFrameBytes + 1} bytes of the frame had arrived, but got {Describe(status)}.");
    }

    [Fact]
    public async Task A_fragmented_message_is_closed_with_1009_once_its_fragments_together_pass_the_limit()
    {
        await using var socket = await RawWebSocket.ConnectAsync(Host, Fresh.ChargePointId());

        var half = Encoding.ASCII.GetBytes(new string('x', (SmallLimitsHostFixture.MaxFrameBytes / 2) + 1));
        await socket.StartFrameAsync(half.Length, half, final: false);
        await socket.StartFrameAsync(1024 * 1024, half, continuation: true);

        var status = await socket.CloseStatusWithinAsync(TimeSpan.FromSeconds(10));
        Assert.True(status == 1009,
            $"Expected close status 1009 (MessageTooBig) once two fragments of {half.Length} bytes had arrived, but got {Describe(status)}.");
    }

    private static string Describe(int? status) => status switch
    {
        null => "no close frame",
        -1 => "nothing: the server was still waiting for the rest of the frame after 10 s",
        _ => status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
