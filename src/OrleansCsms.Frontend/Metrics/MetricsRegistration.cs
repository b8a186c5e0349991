using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansCsms.Runtime.Diagnostics;

namespace OrleansCsms.Frontend.Metrics;

/// <summary>Prometheus scraping: the system's instruments and the process's gauges at GET /metrics.</summary>
public static class MetricsRegistration
{
    /// <summary>Adds the collector that aggregates the <see cref="CsmsInstruments"/> meter.</summary>
    public static IServiceCollection AddCsmsMetrics(this IServiceCollection services)
    {
        // The meter rather than its name: reading it creates the instruments, so even an idle process lists every family.
        services.TryAddSingleton(_ => new PrometheusMetricsCollector(CsmsInstruments.Meter.Name));
        return services;
    }

    /// <summary>Maps GET /metrics, in the Prometheus text format; it is left out of the operator API's document.</summary>
    public static IEndpointConventionBuilder MapCsmsMetrics(this IEndpointRouteBuilder endpoints)
    {
        // Created now rather than at the first scrape: the listener only counts what happens after it starts.
        _ = endpoints.ServiceProvider.GetRequiredService<PrometheusMetricsCollector>();
        return endpoints.MapGet("/metrics", Scrape)
            .WithName("ScrapeMetrics")
            .WithSummary("Prometheus text exposition of this process's metrics")
            .ExcludeFromDescription();
    }

    private static ContentHttpResult Scrape([FromServices] PrometheusMetricsCollector collector)
    {
        var text = new StringBuilder();
        collector.WriteTo(text);
        ProcessMetrics.WriteTo(new PrometheusTextWriter(text));
        return TypedResults.Text(text.ToString(), PrometheusMetricsCollector.ContentType);
    }
}
