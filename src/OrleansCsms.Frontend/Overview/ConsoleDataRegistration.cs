using Microsoft.Extensions.DependencyInjection;

namespace OrleansCsms.Frontend.Overview;

/// <summary>The data the console shows beside the API's lists: its settings and the live series sampled in the background.</summary>
public static class ConsoleDataRegistration
{
    public static IServiceCollection AddCsmsConsoleData(this IServiceCollection services)
    {
        services.AddOptions<ConsoleDataOptions>().BindConfiguration(ConsoleDataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveSeries>();
        services.AddHostedService<LiveSeriesSampler>();

        // The public charge point pages render Razor components to HTML on the server.
        services.AddRazorComponents();
        return services;
    }
}
