using System.Net;
using System.Net.Sockets;

namespace OrleansCsms.Silo;

/// <summary>The embedded default: one process co-hosting the front-end and a silo on localhost clustering.</summary>
public static class EmbeddedSilo
{
    /// <summary>
    /// Adds a single silo on loopback. Its silo-to-silo port comes from Orleans:SiloPort, or a free one: nothing
    /// outside the process talks to it, and two embedded hosts on one machine must not collide.
    /// </summary>
    public static WebApplicationBuilder AddEmbeddedSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var siloPort = builder.Configuration.GetValue<int?>("Orleans:SiloPort") ?? FreeLoopbackPort();
        builder.UseOrleans(silo =>
        {
            // No gateway: the front-end in this process is a co-hosted client.
            silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: 0, serviceId: "csms", clusterId: "csms-embedded");
            silo.AddCsmsSilo(builder.Configuration);
        });
        builder.Services.AddHostedService<EmbeddedHostStartup>();
        return builder;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
