using System.Net;
using System.Net.Http.Headers;

namespace OrleansCsms.Tests.Api;

/// <summary>A host of its own with an API key configured, since the shared host runs with an open API.</summary>
public sealed class ApiKeyHostFixture : IAsyncLifetime
{
    public const string Key = "test-api-key-5c1f";

    private CsmsHost? _host;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await CsmsHost.StartAsync(new Dictionary<string, string?> { ["Api:Keys:0"] = Key });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

public sealed class ApiKeyTests(ApiKeyHostFixture fixture) : IClassFixture<ApiKeyHostFixture>
{
    [Fact]
    public async Task A_request_without_the_api_key_is_an_unauthorized_problem()
    {
        var response = await fixture.Host.Api.GetAsync("/api/charge-points");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_request_with_a_wrong_api_key_is_an_unauthorized_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/charge-points");
        request.Headers.Add("X-Api-Key", "wrong-key");

        await ApiAssert.ProblemAsync(await fixture.Host.Api.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_api_key_is_accepted_in_the_x_api_key_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/charge-points");
        request.Headers.Add("X-Api-Key", ApiKeyHostFixture.Key);

        await ApiAssert.JsonAsync(await fixture.Host.Api.SendAsync(request), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_key_is_accepted_as_a_bearer_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/charge-points");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKeyHostFixture.Key);

        await ApiAssert.JsonAsync(await fixture.Host.Api.SendAsync(request), HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_openapi_document_needs_no_api_key()
    {
        await ApiAssert.JsonAsync(await fixture.Host.Api.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
    }
}
