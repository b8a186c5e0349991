using Orleans.Dashboard;

namespace OrleansCsms.Silo;

/// <summary>The Orleans Dashboard at /dashboard on a silo, switched on by Dashboard:Enabled.</summary>
public static class Dashboard
{
    public const string RoutePrefix = "/dashboard";

    public static ISiloBuilder AddCsmsDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (IsEnabled(configuration))
        {
            silo.AddDashboard(_ => { });
        }

        return silo;
    }

    public static WebApplication MapCsmsDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (IsEnabled(app.Configuration))
        {
            app.MapOrleansDashboard(RoutePrefix);
        }

        return app;
    }

    private static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", false);
}
