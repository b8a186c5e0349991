using System.Net;
using System.Net.Http.Json;

namespace OrleansCsms.Tests.Api.Accounts;

public sealed class SignInTests(SecuredHostFixture fixture) : IClassFixture<SecuredHostFixture>
{
    [Fact]
    public async Task A_bearer_token_carries_the_account_and_its_role()
    {
        using var admin = await fixture.AdminAsync();

        var me = await ApiAssert.JsonAsync(await admin.GetAsync("/api/auth/me"), HttpStatusCode.OK);

        Assert.True(me.GetString("name") == SecuredHostFixture.AdminName && me.GetString("role") == "admin", $"Expected the token to sign in the first admin as admin: {me}");
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var token = await fixture.TokenAsync(SecuredHostFixture.AdminName, SecuredHostFixture.AdminPassword);
        using var client = fixture.WithBearer(token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        await ApiAssert.ProblemAsync(await client.GetAsync("/api/charge-points"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_console_login_sets_a_cookie_that_signs_in_until_logout()
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var console = new HttpClient(handler) { BaseAddress = fixture.Host.BaseAddress };
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = SecuredHostFixture.AdminName, ["password"] = SecuredHostFixture.AdminPassword });

        var login = await ApiAssert.JsonAsync(await console.PostAsync("/api/auth/login", form), HttpStatusCode.OK);
        var me = await ApiAssert.JsonAsync(await console.GetAsync("/api/auth/me"), HttpStatusCode.OK);
        await ApiAssert.NoContentAsync(await console.PostAsync("/api/auth/logout", null));
        var afterLogout = await console.GetAsync("/api/auth/me");

        Assert.True(login.GetString("role") == "admin" && me.GetString("name") == SecuredHostFixture.AdminName, $"Expected the cookie to sign in the admin: {login} / {me}");
        await ApiAssert.ProblemAsync(afterLogout, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_json_login_works_too_and_a_refused_cookie_request_is_a_problem_not_a_redirect()
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var console = new HttpClient(handler) { BaseAddress = fixture.Host.BaseAddress };
        var name = $"viewer-{Guid.NewGuid():N}"[..20];
        using (var admin = await fixture.AdminAsync())
        {
            await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/accounts", new { name, password = "viewer-password", role = "viewer" }), HttpStatusCode.Created);
        }

        await ApiAssert.JsonAsync(await console.PostAsJsonAsync("/api/auth/login", new { name, password = "viewer-password" }), HttpStatusCode.OK);
        var write = await console.PostAsJsonAsync("/api/charge-points", new { id = Fresh.ChargePointId() });

        await ApiAssert.ProblemAsync(write, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_wrong_password_is_an_unauthorized_problem()
    {
        var token = await fixture.Host.Api.PostAsJsonAsync("/api/auth/token", new { name = SecuredHostFixture.AdminName, password = "not-the-password" });
        var login = await fixture.Host.Api.PostAsJsonAsync("/api/auth/login", new { name = SecuredHostFixture.AdminName, password = "not-the-password" });
        var unknown = await fixture.Host.Api.PostAsJsonAsync("/api/auth/token", new { name = "nobody-at-all", password = "not-the-password" });

        await ApiAssert.ProblemAsync(token, HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(login, HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(unknown, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_empty_password_counts_as_none()
    {
        var response = await fixture.Host.Api.PostAsJsonAsync("/api/auth/token", new { name = SecuredHostFixture.AdminName, password = "" });

        await ApiAssert.ValidationProblemAsync(response, "password");
    }

    [Fact]
    public async Task A_disabled_account_is_refused_and_its_token_stops_working()
    {
        var name = $"op-{Guid.NewGuid():N}"[..20];
        using var admin = await fixture.AdminAsync();
        await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/accounts", new { name, password = "operator-password", role = "operator" }), HttpStatusCode.Created);
        using var before = fixture.WithBearer(await fixture.TokenAsync(name, "operator-password"));

        await ApiAssert.JsonAsync(await admin.PatchAsJsonAsync($"/api/accounts/{name}", new { disabled = true }), HttpStatusCode.OK);

        await ApiAssert.ProblemAsync(await fixture.Host.Api.PostAsJsonAsync("/api/auth/token", new { name, password = "operator-password" }), HttpStatusCode.Unauthorized);
        await ApiAssert.ProblemAsync(await before.GetAsync("/api/charge-points"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_demoted_account_loses_its_rights_at_its_next_request()
    {
        var name = $"op-{Guid.NewGuid():N}"[..20];
        using var admin = await fixture.AdminAsync();
        await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/accounts", new { name, password = "operator-password", role = "operator" }), HttpStatusCode.Created);
        using var client = fixture.WithBearer(await fixture.TokenAsync(name, "operator-password"));

        await ApiAssert.JsonAsync(await admin.PatchAsJsonAsync($"/api/accounts/{name}", new { role = "viewer" }), HttpStatusCode.OK);

        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/api/charge-points", new { id = Fresh.ChargePointId() }), HttpStatusCode.Forbidden);
    }
}
