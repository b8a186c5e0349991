using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;
using OrleansCsms.Runtime;
using OrleansCsms.Silo;
using OrleansCsms.Storage;
using OrleansCsms.Tests.Runtime;

namespace OrleansCsms.Tests.Grains;

/// <summary>
/// The domain grains on the local runtime over a PostgreSQL database: what a silo hosts, without its network.
/// Two silos over one database hold separate activations of the same grain, as two processes would.
/// </summary>
public sealed class GrainSilo : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private GrainSilo(ServiceProvider services, ManualTimeProvider time)
    {
        _services = services;
        Time = time;

        // The store first, so the container builds it before the runtime and disposes it after.
        States = services.GetRequiredService<IGrainStateStore>();
        TransactionIds = services.GetRequiredService<ITransactionIdSequence>();
        Queries = services.GetRequiredService<ICsmsQueries>();
        Grains = services.GetRequiredService<IGrainFactory>();
    }

    public IGrainFactory Grains { get; }

    public IGrainStateStore States { get; }

    public ITransactionIdSequence TransactionIds { get; }

    public ICsmsQueries Queries { get; }

    /// <summary>The silo's clock: it moves only when a test advances it.</summary>
    public ManualTimeProvider Time { get; }

    public static GrainSilo Start(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new ManualTimeProvider();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(time)
            .AddCsmsStorage(configuration)
            .AddLocalGrainRuntime()
            .AddCsmsGrains()
            .AddSingleton<IChargePointConnections, DisconnectedChargePoints>()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new GrainSilo(services, time);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.GetRequiredService<LocalGrainRouter>().DeactivateAllAsync();
        await _services.DisposeAsync();
    }
}
