using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace OrleansCsms.Frontend.Metrics;

/// <summary>Prometheus scraping through OpenTelemetry: the project's meter, Orleans' own, ASP.NET Core's and the runtime's, at GET /metrics.</summary>
public static class MetricsRegistration
{
    /// <summary>The meter Orleans records grains, messaging, membership and storage on.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>Adds the OpenTelemetry meter provider with the Prometheus exporter.</summary>
    public static IServiceCollection AddCsmsMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(OcppMetrics.MeterName, OrleansMeterName)
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddProcessInstrumentation()
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>Maps GET /metrics, in the Prometheus text format; it is left out of the operator API's document.</summary>
    public static IEndpointConventionBuilder MapCsmsMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
}
