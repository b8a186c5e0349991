using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Runtime;

namespace OrleansCsms.Tests.Runtime;

/// <summary>
/// The local grain runtime with the test grains, a manual clock and an in-memory, version-checked state store.
/// Cheap to build, so each test gets its own and no test sees another's clock or activations.
/// </summary>
public sealed class GrainRuntimeHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private GrainRuntimeHarness(ServiceProvider services, ManualTimeProvider time, IGrainStateStore store, GrainProbe probe)
    {
        _services = services;
        Time = time;
        Store = store;
        Probe = probe;
        Grains = services.GetRequiredService<IGrainFactory>();
        Router = services.GetRequiredService<LocalGrainRouter>();
    }

    public ManualTimeProvider Time { get; }

    public IGrainStateStore Store { get; }

    public GrainProbe Probe { get; }

    public IGrainFactory Grains { get; }

    public LocalGrainRouter Router { get; }

    /// <summary>
    /// Starts a runtime over <paramref name="store"/> (a fresh in-memory one when null); idle collection is
    /// effectively off unless <paramref name="configure"/> turns it on.
    /// </summary>
    public static GrainRuntimeHarness Start(Action<GrainRuntimeOptions>? configure = null, IGrainStateStore? store = null)
    {
        var time = new ManualTimeProvider();
        store ??= new InMemoryGrainStateStore();
        var probe = new GrainProbe();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IGrainStateStore>(store)
            .AddSingleton(probe)
            .AddLocalGrainRuntime()
            .AddGrain<ITurnGrain, TurnGrain>()
            .AddGrain<ICounterGrain, CounterGrain>()
            .AddGrain<ITickerGrain, TickerGrain>()
            .Configure<GrainRuntimeOptions>(options =>
            {
                options.IdleTimeout = TimeSpan.FromHours(1);
                options.CollectionInterval = TimeSpan.FromMinutes(1);
                configure?.Invoke(options);
            })
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new GrainRuntimeHarness(services, time, store, probe);
    }

    public static string NewKey() => Guid.NewGuid().ToString("N");

    public async ValueTask DisposeAsync()
    {
        // A test that failed half-way may have left a grain waiting on a signal; shutdown must not wait for it.
        Probe.ReleaseAll();
        await _services.DisposeAsync();
    }
}
