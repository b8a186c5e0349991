using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace OrleansCsms.Tests.Api.Accounts;

/// <summary>
/// A host secured the way an operator would: a first admin from configuration, a viewer API key, no Ocpp:Admission
/// setting, and a small request body limit.
/// </summary>
public sealed class SecuredHostFixture : IAsyncLifetime
{
    public const string AdminName = "root";
    public const string AdminPassword = "root-password-7d2c";
    public const string ViewerKey = "viewer-key-0f3a9b";
    public const int MaxBodyBytes = 4096;

    private CsmsHost? _host;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await CsmsHost.StartAsync(new Dictionary<string, string?>
    {
        ["Auth:InitialAdmin:Name"] = AdminName,
        ["Auth:InitialAdmin:Password"] = AdminPassword,
        ["Api:KeyRoles:0:Key"] = ViewerKey,
        ["Api:KeyRoles:0:Role"] = "viewer",
        ["Api:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>A bearer token for a name and password, from POST /api/auth/token.</summary>
    public async Task<string> TokenAsync(string name, string password)
    {
        var response = await Host.Api.PostAsJsonAsync("/api/auth/token", new { name, password });
        return (await ApiAssert.JsonAsync(response, HttpStatusCode.OK)).GetString("accessToken");
    }

    /// <summary>A client signed in with a bearer token as a new account of that role.</summary>
    public async Task<HttpClient> ClientWithRoleAsync(string role)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..24];
        var password = $"pw-{Guid.NewGuid():N}";
        using var admin = await AdminAsync();
        await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/accounts", new { name, password, role }), HttpStatusCode.Created);
        return WithBearer(await TokenAsync(name, password));
    }

    /// <summary>A client signed in as the configured first admin.</summary>
    public async Task<HttpClient> AdminAsync() => WithBearer(await TokenAsync(AdminName, AdminPassword));

    public HttpClient WithBearer(string token)
    {
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
