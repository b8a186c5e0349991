using System.Net.Http.Json;

namespace OrleansCsms.Simulator.Tests;

/// <summary>
/// The embedded host on a real Kestrel port on loopback, on a SQLite file of its own, shared by the tests of a
/// collection; tests use identities and tags of their own.
/// </summary>
public sealed class EmbeddedHost : IAsyncLifetime
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("csms-simulator-tests-");
    private CsmsHost? _host;

    public Uri OcppEndpoint => new($"ws://{Host.BaseAddress.Authority}/ocpp");

    public Uri ApiBase => new(Host.BaseAddress, "/api");

    /// <summary>A client for the operator API, relative to <see cref="ApiBase"/>.</summary>
    public HttpClient Api { get; private set; } = null!;

    private CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync()
    {
        _host = await CsmsHost.StartAsync(
            new Dictionary<string, string?> { ["Ocpp:CallTimeoutSeconds"] = "5" },
            sqlitePath: Path.Combine(_scratch.FullName, "csms.db"));
        Api = new HttpClient { BaseAddress = new Uri(ApiBase + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _scratch.Delete(recursive: true);
    }

    public Task CreateIdTagsAsync(params string[] tags) => IdTagProvisioner.CreateAsync(Api, ApiBase, tags, CancellationToken.None);

    public async Task<TransactionView[]> TransactionsOfAsync(string chargePointId)
    {
        var page = await Api.GetFromJsonAsync<TransactionPage>($"transactions?chargePointId={Uri.EscapeDataString(chargePointId)}&pageSize=500");
        return page!.Items;
    }

    public async Task<TransactionView> TransactionAsync(int id) => (await Api.GetFromJsonAsync<TransactionView>($"transactions/{id}"))!;

    /// <summary>Polls <paramref name="condition"/> until it holds; the message names what was awaited.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string waitingFor, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {waitingFor}.");
            }

            await Task.Delay(50);
        }
    }

    public sealed record TransactionPage(TransactionView[] Items);

    public sealed record TransactionView(
        int Id, string ChargePointId, int? MeterStart, int? MeterStop, long? EnergyWh, bool Active, string? StopReason, int MeterValueCount);
}

/// <summary>Tests that share the embedded host.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedHostCollection : ICollectionFixture<EmbeddedHost>
{
    public const string Name = "Embedded host";
}
