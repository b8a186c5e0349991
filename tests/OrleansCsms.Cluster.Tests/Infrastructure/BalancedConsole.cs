using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// The operator console as a deployment serves it: two silos and two front-ends as processes, HAProxy in front of
/// them from the repository's template, a first admin from configuration, and a headless Chromium that reaches the
/// cluster only through HAProxy. Every console response the browser gets is recorded with the front-end HAProxy
/// says served it (its X-Served-By header).
/// </summary>
public sealed class BalancedConsole : IAsyncLifetime
{
    public const string AdminName = "root";
    public const string AdminPassword = "root-password-71c0";
    public const string OperatorName = "operator-lb";
    public const string OperatorPassword = "operator-password-4be8";

    /// <summary>The response header the HAProxy template names the serving front-end in.</summary>
    public const string ServedByHeader = "x-served-by";

    /// <summary>Debian's Chromium: the browser tests drive it, never a downloaded one.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TestCluster _cluster = new(new TestClusterOptions
    {
        // With operator accounts the API is closed to anonymous callers: the cluster's own checks sign in with a key.
        ApiKey = "balanced-console-cluster-key-2d7e",
        Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Auth:InitialAdmin:Name"] = AdminName,
            ["Auth:InitialAdmin:Password"] = AdminPassword,
        },
    });

    private LoadBalancer? _balancer;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public TestCluster Cluster => _cluster;

    public LoadBalancer Balancer => _balancer ?? throw new InvalidOperationException("HAProxy has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>The REST API through HAProxy, signed in as the admin, for arranging what a test needs.</summary>
    public HttpClient Admin { get; private set; } = default!;

    /// <summary>Every console response the browsers got (path, the front-end that served it), in order.</summary>
    public ConcurrentQueue<(string Path, string ServedBy)> ConsoleResponses { get; } = new();

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _balancer = await LoadBalancer.StartAsync(_cluster.FrontEnds);
        await _balancer.WaitUntilAllUpAsync(_cluster.FrontEnds.Count, TimeSpan.FromSeconds(30));

        Admin = new HttpClient { BaseAddress = _balancer.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(AdminName, AdminPassword));
        using var created = await Admin.PostAsJsonAsync("/api/accounts", new { name = OperatorName, password = OperatorPassword, role = "operator" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"Expected the operator account to be created through HAProxy, but got {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context on HAProxy's address with a page signed in through the console's login form.</summary>
    public async Task<IPage> SignedInPageAsync(string name, string password)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Balancer.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(45_000);
        context.Response += (_, response) =>
        {
            var path = new Uri(response.Url).AbsolutePath;
            if (path.StartsWith("/console", StringComparison.Ordinal) && response.Headers.TryGetValue(ServedByHeader, out var servedBy))
            {
                ConsoleResponses.Enqueue((path, servedBy));
            }
        };
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/login");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/console");
        return page;
    }

    /// <summary>Registers an Accepted id tag through HAProxy.</summary>
    public async Task<string> AcceptedTagAsync()
    {
        var tag = Fresh.IdTag();
        using var response = await Admin.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted" });
        Assert.True(response.IsSuccessStatusCode, $"Expected the id tag {tag} to be created, but got {(int)response.StatusCode}.");
        return tag;
    }

    /// <summary>Places a charge point on the map through HAProxy.</summary>
    public async Task LocateAsync(string chargePointId, double latitude, double longitude)
    {
        using var response = await Admin.PutAsJsonAsync($"/api/charge-points/{chargePointId}/location", new { latitude, longitude });
        Assert.True(response.IsSuccessStatusCode, $"Expected {chargePointId} to be placed at {latitude}, {longitude}, but got {(int)response.StatusCode}.");
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Admin?.Dispose();
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    private async Task<string> TokenAsync(string name, string password)
    {
        using var http = new HttpClient { BaseAddress = Balancer.BaseAddress };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { name, password });
        Assert.True(response.IsSuccessStatusCode, $"Expected a token for {name} through HAProxy, but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("accessToken").GetString()!;
    }
}
