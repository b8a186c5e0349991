using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansCsms.Tests.Infrastructure;

/// <summary>
/// The embedded host started on a real Kestrel port on loopback against its own PostgreSQL database,
/// so tests speak real HTTP and real WebSockets to it.
/// </summary>
public sealed class CsmsHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private CsmsHost(WebApplicationFactory<Program> factory, TestDatabase database, Uri baseAddress)
    {
        _factory = factory;
        Database = database;
        BaseAddress = baseAddress;
        Api = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public TestDatabase Database { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client for the operator REST API.</summary>
    public HttpClient Api { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The OCPP URL of a charge point identity.</summary>
    public Uri OcppUri(string chargePointId, string prefix = "ocpp") =>
        new($"ws://{BaseAddress.Authority}/{prefix}/{Uri.EscapeDataString(chargePointId)}");

    /// <summary>Starts a host; <paramref name="settings"/> override configuration keys (e.g. "Ocpp:Admission").</summary>
    public static async Task<CsmsHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TestDatabase? database = null)
    {
        database ??= await TestDatabase.CreateAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Urls", "http://127.0.0.1:0");
            builder.UseSetting("ConnectionStrings:Postgres", database.ConnectionString);
            builder.UseSetting("Storage:Provider", "Postgres");
            builder.UseSetting("Ocpp:KeepAliveSeconds", "5");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new CsmsHost(factory, database, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
