using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansCsms.Grains;
using OrleansCsms.Silo;
using OrleansCsms.Storage;

namespace OrleansCsms.Testing;

/// <summary>
/// The domain grains in an Orleans test cluster (one silo and a client, Orleans' TestingHost) over a PostgreSQL
/// database, with a clock that moves only when a test advances it. Two of these over one database are two
/// clusters that each hold an activation of the same grain, as two partitioned processes would.
/// </summary>
public sealed class GrainSilo : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private GrainSilo(InProcessTestCluster cluster, FakeTimeProvider time)
    {
        _cluster = cluster;
        Time = time;
        var silo = cluster.GetSiloServiceProvider();
        States = silo.GetRequiredService<IGrainStateStore>();
        TransactionIds = silo.GetRequiredService<ITransactionIdSequence>();
        Queries = silo.GetRequiredService<ICsmsQueries>();
    }

    /// <summary>Grain references through the cluster's client, so every call crosses a real Orleans connection.</summary>
    public IGrainFactory Grains => _cluster.Client;

    public IGrainStateStore States { get; }

    public ITransactionIdSequence TransactionIds { get; }

    public ICsmsQueries Queries { get; }

    /// <summary>The grains' clock: it moves only when a test advances it.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Starts a one-silo cluster of its own over <paramref name="connectionString"/>; <paramref name="settings"/> override configuration keys.</summary>
    public static async Task<GrainSilo> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
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

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ClusterId = $"grains-{Guid.NewGuid():N}";
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(values);
            host.Services.AddCsmsStorage(host.Configuration);
            host.Services.AddSingleton<TimeProvider>(time);
        });
        builder.ConfigureSilo((_, silo) => silo.AddCsmsGrains().AddCsmsGrainStorage());
        builder.ConfigureClient(client => client.Services.AddCsmsSerialization());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainSilo(cluster, time);
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();
}
