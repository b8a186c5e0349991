namespace OrleansCsms.Silo;

/// <summary>What the all-in-one process adds around the front-end and the silo.</summary>
public static class EmbeddedHostExtensions
{
    /// <summary>Adds what the all-in-one process does at start and stop.</summary>
    public static IServiceCollection AddEmbeddedHost(this IServiceCollection services)
    {
        services.AddHostedService<EmbeddedHostStartup>();
        return services;
    }
}
