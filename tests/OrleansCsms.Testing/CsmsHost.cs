using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Frontend.Tls;

namespace OrleansCsms.Testing;

/// <summary>
/// The embedded host started on a real Kestrel port on loopback against its own PostgreSQL database,
/// so tests speak real HTTP and real WebSockets to it.
/// </summary>
public sealed class CsmsHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsDatabase;

    private CsmsHost(WebApplicationFactory<Program> factory, TestDatabase? database, bool ownsDatabase, Uri baseAddress)
    {
        _factory = factory;
        _ownsDatabase = ownsDatabase;
        Database = database;
        BaseAddress = baseAddress;
        Api = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The PostgreSQL database, or null when the host runs on the embedded store.</summary>
    public TestDatabase? Database { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client for the operator REST API.</summary>
    public HttpClient Api { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>The certificates of the host's TLS endpoints; null when it has none.</summary>
    public TestCertificates? Certificates { get; private set; }

    /// <summary>The OCPP URL of a charge point identity.</summary>
    public Uri OcppUri(string chargePointId, string prefix = "ocpp") =>
        new($"ws://{BaseAddress.Authority}/{prefix}/{Uri.EscapeDataString(chargePointId)}");

    /// <summary>The OCPP URL of a charge point on the wss endpoint without client certificates (security profile 2).</summary>
    public Uri WssUri(string chargePointId) => TlsUri(Services.GetRequiredService<TlsEndpoints>().ServerAuthenticatedUri, chargePointId, "Tls:Url");

    /// <summary>The OCPP URL of a charge point on the wss endpoint that requires client certificates (security profile 3).</summary>
    public Uri MutualTlsUri(string chargePointId) => TlsUri(Services.GetRequiredService<TlsEndpoints>().ClientCertificateRequiredUri, chargePointId, "Tls:ClientCertificateUrl");

    /// <summary>
    /// Starts a host with both TLS endpoints on 127.0.0.1 (profile 2: wss; profile 3: wss requiring a client certificate
    /// signed by <paramref name="certificates"/>' authority) beside the plain ws one; the host owns the certificates.
    /// </summary>
    public static async Task<CsmsHost> StartWithTlsAsync(TestCertificates certificates, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Tls:Url"] = "https://127.0.0.1:0",
            ["Tls:ClientCertificateUrl"] = "https://127.0.0.1:0",
            ["Tls:CertificatePath"] = certificates.ServerCertificatePath,
            ["Tls:KeyPath"] = certificates.ServerKeyPath,
            ["Tls:ClientCaBundlePath"] = certificates.AuthorityPath,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await StartAsync(all);
        host.Certificates = certificates;
        return host;
    }

    /// <summary>
    /// Starts a host; <paramref name="settings"/> override configuration keys (e.g. "Ocpp:Admission"). Without a
    /// <paramref name="database"/> it gets a fresh one that it drops when disposed; a given one outlives the host.
    /// With <paramref name="sqlitePath"/> it runs on the embedded store instead, as the default run does.
    /// </summary>
    public static async Task<CsmsHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, TestDatabase? database = null, string? sqlitePath = null, Action<IServiceCollection>? services = null)
    {
        var ownsDatabase = database is null && sqlitePath is null;
        if (ownsDatabase)
        {
            database = await TestDatabase.CreateAsync();
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Urls", "http://127.0.0.1:0");
            if (sqlitePath is null)
            {
                builder.UseSetting("ConnectionStrings:Postgres", database!.ConnectionString);
                builder.UseSetting("Storage:Provider", "Postgres");
            }
            else
            {
                builder.UseSetting("Storage:Provider", "Sqlite");
                builder.UseSetting("Storage:SqlitePath", sqlitePath);
            }

            builder.UseSetting("Ocpp:KeepAliveSeconds", "5");
            builder.UseSetting("Ocpp:CallTimeoutSeconds", "3");
            if (services is not null)
            {
                builder.ConfigureServices(services);
            }

            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        return new CsmsHost(factory, database, ownsDatabase, new Uri(address));
    }

    private static Uri TlsUri(Uri? endpoint, string chargePointId, string setting) =>
        endpoint is null
            ? throw new InvalidOperationException($"The host has no such TLS endpoint: start it with {setting} (StartWithTlsAsync).")
            : new Uri($"wss://{endpoint.Authority}/ocpp/{Uri.EscapeDataString(chargePointId)}");

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Certificates?.Dispose();
        await _factory.DisposeAsync();
        if (_ownsDatabase && Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}
