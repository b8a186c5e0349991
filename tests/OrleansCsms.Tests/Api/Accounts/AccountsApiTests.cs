using System.Net;
using System.Net.Http.Json;

namespace OrleansCsms.Tests.Api.Accounts;

public sealed class AccountsApiTests(SecuredHostFixture fixture) : IClassFixture<SecuredHostFixture>
{
    [Fact]
    public async Task An_admin_creates_lists_changes_and_deletes_accounts()
    {
        var name = $"ops-{Guid.NewGuid():N}"[..20];
        using var admin = await fixture.AdminAsync();

        var created = await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/accounts", new { name, password = "first-password", role = "operator" }), HttpStatusCode.Created);
        var listed = await ApiAssert.JsonAsync(await admin.GetAsync("/api/accounts"), HttpStatusCode.OK);
        var promoted = await ApiAssert.JsonAsync(await admin.PatchAsJsonAsync($"/api/accounts/{name}", new { role = "admin", password = "second-password" }), HttpStatusCode.OK);
        var newPassword = await fixture.TokenAsync(name, "second-password");
        await ApiAssert.NoContentAsync(await admin.DeleteAsync($"/api/accounts/{name}"));
        var gone = await admin.GetAsync($"/api/accounts/{name}");

        Assert.True(created.GetString("role") == "operator" && !created.TryGetProperty("passwordHash", out _), $"Expected the created operator without its password hash: {created}");
        Assert.True(listed.EnumerateArray().Any(a => a.GetString("name") == name), $"Expected the list to hold {name}: {listed}");
        Assert.True(promoted.GetString("role") == "admin", $"Expected the account promoted to admin: {promoted}");
        Assert.False(string.IsNullOrEmpty(newPassword), "Expected the changed password to sign in.");
        await ApiAssert.ProblemAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_account_name_is_taken_once()
    {
        var name = $"dup-{Guid.NewGuid():N}"[..20];
        using var admin = await fixture.AdminAsync();
        await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/accounts", new { name, password = "first-password", role = "viewer" }), HttpStatusCode.Created);

        await ApiAssert.ProblemAsync(await admin.PostAsJsonAsync("/api/accounts", new { name, password = "other-password", role = "viewer" }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_invalid_account_is_a_validation_problem()
    {
        using var admin = await fixture.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/accounts", new { name = "has spaces", password = "short", role = "superuser" });

        await ApiAssert.ValidationProblemAsync(response, "name", "password", "role");
    }

    [Fact]
    public async Task Changing_an_unknown_account_is_not_found()
    {
        using var admin = await fixture.AdminAsync();

        await ApiAssert.ProblemAsync(await admin.PatchAsJsonAsync("/api/accounts/nobody-here", new { disabled = true }), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await admin.DeleteAsync("/api/accounts/nobody-here"), HttpStatusCode.NotFound);
    }
}
