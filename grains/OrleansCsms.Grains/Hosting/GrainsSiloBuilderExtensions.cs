using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansCsms.Grains;

/// <summary>Adds the domain grains' services to a silo.</summary>
public static class GrainsSiloBuilderExtensions
{
    /// <summary>Adds the grains' options, the failed-turn guard and the payload codec; storage comes separately.</summary>
    public static ISiloBuilder AddCsmsGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<ChargePointOptions>().BindConfiguration("Ocpp").ValidateDataAnnotations().ValidateOnStart();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddCsmsSerialization();
        silo.AddIncomingGrainCallFilter<FailedTurnFilter>();
        return silo;
    }
}
