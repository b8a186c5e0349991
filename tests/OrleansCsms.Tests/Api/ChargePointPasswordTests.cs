using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ChargePointPasswordTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task Setting_a_password_is_reported_only_as_has_password()
    {
        var id = await RegisterAsync();

        await ApiAssert.NoContentAsync(await Api.PutAsJsonAsync($"/api/charge-points/{id}/password", new { password = "correct-horse-battery" }));

        var read = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{id}"), HttpStatusCode.OK);
        Assert.True(read.GetProperty("hasPassword").GetBoolean(), $"Expected hasPassword after setting one: {read}");
    }

    [Fact]
    public async Task No_response_contains_the_password_or_its_hash()
    {
        const string password = "s3cret-Pa55word-xyz";
        var id = Fresh.ChargePointId();
        var created = await Api.PostAsJsonAsync("/api/charge-points", new { id, password });
        var hash = (await fixture.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IChargePointGrain>(id).GetAsync())?.PasswordHash;
        Assert.False(string.IsNullOrEmpty(hash), "Expected the registration to store a password hash");

        var bodies = new Dictionary<string, string>
        {
            ["POST /api/charge-points"] = await created.Content.ReadAsStringAsync(),
            ["GET /api/charge-points/{id}"] = await Api.GetStringAsync($"/api/charge-points/{id}"),
            ["GET /api/charge-points"] = await Api.GetStringAsync("/api/charge-points?pageSize=500"),
            ["GET /api/charge-points?connected=false"] = await Api.GetStringAsync("/api/charge-points?connected=false&pageSize=500"),
        };

        foreach (var (request, body) in bodies)
        {
            Assert.False(body.Contains(password, StringComparison.Ordinal), $"{request} returned the password: {body}");
            Assert.False(body.Contains(hash!, StringComparison.Ordinal), $"{request} returned the password hash: {body}");
            Assert.False(body.Contains("passwordHash", StringComparison.OrdinalIgnoreCase), $"{request} returned a passwordHash field: {body}");
        }
    }

    [Theory]
    [InlineData("short")]
    [InlineData("")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task A_password_outside_8_to_64_characters_is_rejected(string password)
    {
        var id = await RegisterAsync();

        var response = await Api.PutAsJsonAsync($"/api/charge-points/{id}/password", new { password });

        await ApiAssert.ValidationProblemAsync(response, "password");
    }

    [Fact]
    public async Task A_missing_password_is_rejected()
    {
        var id = await RegisterAsync();

        var response = await Api.PutAsJsonAsync($"/api/charge-points/{id}/password", new { });

        await ApiAssert.ValidationProblemAsync(response, "password");
    }

    [Fact]
    public async Task Setting_the_password_of_an_unknown_charge_point_is_not_found()
    {
        var response = await Api.PutAsJsonAsync($"/api/charge-points/{Fresh.ChargePointId()}/password", new { password = "long-enough-password" });

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<string> RegisterAsync()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);
        return id;
    }
}
