using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Api.Accounts;

/// <summary>
/// Front-ends started together on a new database make one data-protection key between them, so a sign-in cookie one
/// of them issues opens on the other from the first request on, not only after their key rings next reload.
/// </summary>
public sealed class SharedSignInKeyTests
{
    [Fact]
    public async Task Two_front_ends_started_at_once_on_a_new_database_share_one_key_and_each_opens_the_others_cookie()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Auth:InitialAdmin:Name"] = SecuredHostFixture.AdminName,
            ["Auth:InitialAdmin:Password"] = SecuredHostFixture.AdminPassword,
        };
        var starting = new[] { CsmsHost.StartAsync(settings, database), CsmsHost.StartAsync(settings, database) };
        await using var first = await starting[0];
        await using var second = await starting[1];

        // Both sign in at once: the first thing either encrypts, which is when a front-end left to itself makes its key.
        var signedIn = await Task.WhenAll(SignInAsync(first), SignInAsync(second));
        var keys = await first.Services.GetRequiredService<ISharedSecretStore>().ListAsync("data-protection-key", CancellationToken.None);
        var fromFirst = await MeAsync(second, signedIn[0]);
        var fromSecond = await MeAsync(first, signedIn[1]);

        Assert.True(keys.Count == 1, $"Expected the two front-ends to make one data-protection key between them, but the database holds {keys.Count}.");
        Assert.True(fromFirst == HttpStatusCode.OK && fromSecond == HttpStatusCode.OK,
            $"Expected each front-end's sign-in cookie to open the other's API, but they answered {(int)fromFirst} and {(int)fromSecond}.");
    }

    /// <summary>Signs in on <paramref name="host"/> and returns the cookie header it set.</summary>
    private static async Task<string> SignInAsync(CsmsHost host)
    {
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(cookies) { BaseAddress = host.BaseAddress };
        await ApiAssert.JsonAsync(
            await client.PostAsJsonAsync("/api/auth/login", new { name = SecuredHostFixture.AdminName, password = SecuredHostFixture.AdminPassword }), HttpStatusCode.OK);
        return cookies.CookieContainer.GetCookieHeader(host.BaseAddress);
    }

    /// <summary>Asks <paramref name="host"/> who a cookie belongs to.</summary>
    private static async Task<HttpStatusCode> MeAsync(CsmsHost host, string cookie)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
