using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Frontend.Tls;

/// <summary>The TLS endpoints of security profiles 2 and 3 and the client certificate check of profile 3.</summary>
public static class TlsRegistration
{
    /// <summary>Adds the TLS settings, the CA bundle as the first client certificate trust, the validator and the Kestrel endpoints.</summary>
    public static IServiceCollection AddCsmsTls(this IServiceCollection services)
    {
        services.AddOptions<TlsOptions>().BindConfiguration("Tls").ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IClientCertificateTrust, CaBundleClientCertificateTrust>();
        services.AddSingleton<ChargePointCertificateValidator>();
        services.AddSingleton<TlsEndpoints>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(provider => provider.GetRequiredService<TlsEndpoints>());
        return services;
    }
}
