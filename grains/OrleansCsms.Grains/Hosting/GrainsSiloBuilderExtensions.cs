using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace OrleansCsms.Grains;

/// <summary>Adds the domain grains' services to a silo.</summary>
public static class GrainsSiloBuilderExtensions
{
    /// <summary>Adds the grains' options, the failed-turn guard and the payload codec; storage comes separately.</summary>
    public static ISiloBuilder AddCsmsGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddOptions<ChargePointOptions>().BindConfiguration("Ocpp").ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddOptions<SmartChargingOptions>().BindConfiguration("SmartCharging").ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddOptions<TariffOptions>().BindConfiguration("Tariffs").ValidateDataAnnotations().ValidateOnStart();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddChargePointCertificateAuthority();
        silo.Services.AddOptions<Iso15118Options>().BindConfiguration(Iso15118Options.Section).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.TryAddSingleton<Iso15118CertificateServices>();
        silo.Services.TryAddSingleton<ContractCertificateValidation>();

        // Idle grains leave memory after Grains:IdleTimeout; their state is in storage, so nothing is lost.
        silo.Services.AddOptions<GrainCollectionOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (configuration.GetValue<TimeSpan?>("Grains:IdleTimeout") is { } idle)
            {
                options.CollectionAge = idle;
            }
        });
        silo.Services.AddCsmsSerialization();

        // The "Events" section (webhooks among it) is bound once, by storage, which every silo has: binding it twice
        // would list every webhook twice. The deliverers run here.
        silo.Services.TryAddSingleton<WebhookPoster>();
        silo.Services.AddHostedService<WebhookDeliveryStarter>();
        silo.AddIncomingGrainCallFilter<FailedTurnFilter>();
        return silo;
    }
}
