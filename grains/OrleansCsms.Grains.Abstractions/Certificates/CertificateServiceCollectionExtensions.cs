using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Grains;

/// <summary>Adds the charge point certificate authority; silos sign with it, front-ends take their trust anchors from it.</summary>
public static class CertificateServiceCollectionExtensions
{
    public static IServiceCollection AddChargePointCertificateAuthority(this IServiceCollection services)
    {
        services.AddOptions<CertificateAuthorityOptions>().BindConfiguration(CertificateAuthorityOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CertificateAuthorityOptions>, CertificateAuthorityOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChargePointCertificateAuthority>();
        return services;
    }
}
