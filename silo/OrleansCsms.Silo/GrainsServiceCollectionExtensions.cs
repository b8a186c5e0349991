using OrleansCsms.Grains;
using OrleansCsms.Runtime;

namespace OrleansCsms.Silo;

/// <summary>Registers the domain grains with the grain runtime.</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>Adds the charge point, transaction and id tag grains and their options.</summary>
    public static IServiceCollection AddCsmsGrains(this IServiceCollection services)
    {
        services.AddOptions<ChargePointOptions>().BindConfiguration("Ocpp").ValidateDataAnnotations().ValidateOnStart();
        services.AddGrain<IChargePointGrain, ChargePointGrain>();
        services.AddGrain<ITransactionGrain, TransactionGrain>();
        services.AddGrain<IIdTagGrain, IdTagGrain>();
        return services;
    }
}
