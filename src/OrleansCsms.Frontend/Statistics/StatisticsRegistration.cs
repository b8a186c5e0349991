using Microsoft.Extensions.DependencyInjection;

namespace OrleansCsms.Frontend.Statistics;

/// <summary>The front-end's counters for GET /api/statistics and their periodic report to the cluster.</summary>
public static class StatisticsRegistration
{
    public static IServiceCollection AddCsmsStatistics(this IServiceCollection services)
    {
        services.AddOptions<StatisticsOptions>().BindConfiguration("Statistics").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FrontEndCounters>();
        services.AddHostedService<StatisticsReporter>();
        return services;
    }
}
