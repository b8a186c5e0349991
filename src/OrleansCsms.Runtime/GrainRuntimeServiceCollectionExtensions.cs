using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansCsms.Runtime;

/// <summary>Registers the in-process grain runtime.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the runtime: a local router that activates grains in this process, and the grain factory over it.</summary>
    public static IServiceCollection AddLocalGrainRuntime(this IServiceCollection services)
    {
        services.AddOptions<GrainRuntimeOptions>().BindConfiguration("Grains").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(GetRegistry(services));
        services.TryAddSingleton<LocalGrainRouter>();
        services.TryAddSingleton<IGrainCallRouter>(sp => sp.GetRequiredService<LocalGrainRouter>());
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        return services;
    }

    /// <summary>Maps a grain interface to its implementation.</summary>
    public static IServiceCollection AddGrain<TGrain, TImplementation>(this IServiceCollection services)
        where TGrain : class, IGrain
        where TImplementation : Grain, TGrain
    {
        GetRegistry(services).Register<TGrain, TImplementation>();
        return services;
    }

    private static GrainTypeRegistry GetRegistry(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(GrainTypeRegistry))?.ImplementationInstance is GrainTypeRegistry existing)
        {
            return existing;
        }

        var registry = new GrainTypeRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
