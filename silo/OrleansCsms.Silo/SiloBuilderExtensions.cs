using Orleans.Storage;
using OrleansCsms.Grains;
using OrleansCsms.Storage;

namespace OrleansCsms.Silo;

/// <summary>The domain grains on a silo, their state in the project's storage engine (PostgreSQL or the embedded SQLite file).</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Registers <see cref="CsmsGrainStorage"/> as the grain storage the domain grains name.</summary>
    public static ISiloBuilder AddCsmsGrainStorage(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddKeyedSingleton<IGrainStorage>(GrainTypes.StorageName, (services, _) => new CsmsGrainStorage(services.GetRequiredService<IGrainStateStore>()));
        return silo;
    }

    /// <summary>What every silo of this project hosts, embedded or in a cluster: the grains, their storage and the optional dashboard.</summary>
    public static ISiloBuilder AddCsmsSilo(this ISiloBuilder silo, IConfiguration configuration) =>
        silo.AddCsmsGrains().AddCsmsGrainStorage().AddCsmsDashboard(configuration);
}
