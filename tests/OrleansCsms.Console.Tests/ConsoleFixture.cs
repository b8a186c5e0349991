using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansCsms.Console.Tests;

/// <summary>
/// One secured host on a real port and one headless Chromium, shared by the console tests: a first admin from
/// configuration, open admission so test charge points may connect, and an operator and a viewer account.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string AdminName = "root";
    public const string AdminPassword = "root-password-5e1b";
    public const string OperatorName = "operator-one";
    public const string ViewerName = "viewer-one";
    public const string Password = "console-password-9c2d";

    /// <summary>Debian's Chromium: the browser tests drive it, never a downloaded one.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private CsmsHost? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>A client of the REST API signed in as the admin, for arranging what a test needs.</summary>
    public HttpClient Admin { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _host = await CsmsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:InitialAdmin:Name"] = AdminName,
            ["Auth:InitialAdmin:Password"] = AdminPassword,
            ["Ocpp:Admission"] = "open",
            ["Console:MapTilesUrl"] = null,
        });
        Admin = new HttpClient { BaseAddress = Host.BaseAddress };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(AdminName, AdminPassword));
        await CreateAccountAsync(OperatorName, "operator");
        await CreateAccountAsync(ViewerName, "viewer");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a page signed in through the console's login form.</summary>
    public async Task<IPage> SignedInPageAsync(string name, string password = Password)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        // Generous: the machines that run these share their cores with whole builds.
        context.SetDefaultTimeout(45_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/login");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/console");
        return page;
    }

    /// <summary>Registers an Accepted id tag through the API.</summary>
    public async Task<string> AcceptedTagAsync()
    {
        var tag = Fresh.IdTag();
        var response = await Admin.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted" });
        Assert.True(response.IsSuccessStatusCode, $"Expected the id tag {tag} to be created, but got {(int)response.StatusCode}.");
        return tag;
    }

    /// <summary>Registers a charge point through the API without connecting it.</summary>
    public async Task<string> RegisteredChargePointAsync(string? description = null)
    {
        var id = Fresh.ChargePointId();
        var response = await Admin.PostAsJsonAsync("/api/charge-points", new { id, description });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected charge point {id} to be registered, but got {(int)response.StatusCode}.");
        return id;
    }

    /// <summary>A charge point connected over a real socket, booted, with its connectors Available.</summary>
    public async Task<TestChargePoint> BootedChargePointAsync(string? id = null, int connectors = 2)
    {
        var chargePoint = await TestChargePoint.ConnectAsync(Host, id ?? Fresh.ChargePointId());
        await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());
        for (var connector = 0; connector <= connectors; connector++)
        {
            await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(connector, "Available"));
        }

        return chargePoint;
    }

    private async Task<string> TokenAsync(string name, string password)
    {
        var response = await Host.Api.PostAsJsonAsync("/api/auth/token", new { name, password });
        Assert.True(response.IsSuccessStatusCode, $"Expected a token for {name}, but got {(int)response.StatusCode}.");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }

    private async Task CreateAccountAsync(string name, string role)
    {
        var response = await Admin.PostAsJsonAsync("/api/accounts", new { name, password = Password, role });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected the {role} account {name} to be created, but got {(int)response.StatusCode}.");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Admin?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>Console tests share one host and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "Console in a browser";
}
