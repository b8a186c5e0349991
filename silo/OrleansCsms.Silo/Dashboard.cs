using Orleans.Dashboard;
using OrleansCsms.Frontend.Auth;

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

    /// <summary>
    /// Serves the dashboard when it is enabled. Where the host also serves the operator API (the embedded default), it
    /// is for admins only, signed in to the console like every other page of the port; a cluster silo's HTTP side is
    /// internal (health, metrics, dashboard) and has no operator accounts to check.
    /// </summary>
    public static WebApplication MapCsmsDashboard(this WebApplication app, bool adminsOnly)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (IsEnabled(app.Configuration))
        {
            var dashboard = app.MapOrleansDashboard(RoutePrefix);
            if (adminsOnly)
            {
                dashboard.RequireAuthorization(CsmsAuthorization.AdminPolicy);
            }
        }

        return app;
    }

    private static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Dashboard:Enabled", false);
}
