using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansCsms.Frontend.Api;
using OrleansCsms.Frontend.Console;
using OrleansCsms.Frontend.Files;
using OrleansCsms.Frontend.Landing;
using OrleansCsms.Frontend.Metrics;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Frontend.Ocpp.V16;
using OrleansCsms.Frontend.Ocpp.V201;
using OrleansCsms.Frontend.Overview;
using OrleansCsms.Frontend.Statistics;
using OrleansCsms.Frontend.Tls;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend;

/// <summary>The front-end: OCPP WebSockets, the operator API, the operator console and health endpoints.</summary>
public static class CsmsFrontendExtensions
{
    /// <summary>Tag of health checks that must pass before the process takes traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the front-end's services.</summary>
    public static IServiceCollection AddCsmsFrontend(this IServiceCollection services)
    {
        services.AddOptions<OcppOptions>().BindConfiguration("Ocpp").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FrontEndIdentity>();
        services.AddSingleton<LocalChargePointConnections>();
        services.AddSingleton<OcppMetrics>();
        services.AddCsmsStatistics();
        services.AddCsmsConsoleData();
        services.AddSingleton<OcppFrameLog>();
        services.AddSingleton<V16CallHandler>();
        services.AddSingleton<V201CallHandler>();
        services.AddChargePointCertificateAuthority();
        services.AddSingleton<OcppCallHandlers>();
        services.AddCsmsTls();
        services.AddSingleton<IClientCertificateTrust, ChargePointCaClientCertificateTrust>();
        services.AddSingleton<IssuedCertificateBinding>();
        services.AddHostedService<FrontEndStartup>();
        services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("cluster", tags: [ReadyTag]);
        services.AddOptions<FilesOptions>().BindConfiguration("Files").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FileStore>();
        services.AddCsmsApi();
        services.AddCsmsMetrics();
        services.AddCsmsConsole();
        return services;
    }

    /// <summary>Maps OCPP on every WebSocket path outside the API, the API, its OpenAPI UI, the console and the health endpoints.</summary>
    public static WebApplication UseCsmsFrontend(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseMiddleware<OcppWebSocketMiddleware>();
        app.UseCsmsApiUi();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseCsmsConsoleSignIn();
        app.UseAntiforgery();
        app.MapCsmsApi();
        app.MapFileTransfer();
        app.MapChargePointLanding();
        app.MapCsmsMetrics();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        app.MapCsmsConsole();
        app.MapGet("/", () => TypedResults.Redirect(ConsoleRegistration.BasePath)).ExcludeFromDescription();
        return app;
    }
}
