using Orleans.Storage;
using OrleansCsms.Grains;
using OrleansCsms.Storage;

namespace OrleansCsms.Silo;

/// <summary>Puts the domain grains' state in the project's storage engine, PostgreSQL or the embedded SQLite file.</summary>
public static class GrainStorageSiloBuilderExtensions
{
    /// <summary>Registers <see cref="CsmsGrainStorage"/> as the grain storage the domain grains name.</summary>
    public static ISiloBuilder AddCsmsGrainStorage(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddKeyedSingleton<IGrainStorage>(GrainTypes.StorageName, (services, _) => new CsmsGrainStorage(services.GetRequiredService<IGrainStateStore>()));
        return silo;
    }
}
