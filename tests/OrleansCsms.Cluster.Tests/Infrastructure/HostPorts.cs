using System.Net;
using System.Net.Sockets;

namespace OrleansCsms.Cluster.Tests.Infrastructure;

/// <summary>
/// The loopback ports of one process: HTTP, and on a silo its silo-to-silo and gateway ports (0 on a front-end).
/// Picked free by the operating system, so fixtures and parallel runs on one machine never collide.
/// </summary>
public sealed record HostPorts(int Http, int Silo, int Gateway)
{
    public static HostPorts Pick(HostRole role)
    {
        // Held open together so the three are distinct; released just before the process binds them.
        var listeners = Enumerable.Range(0, role == HostRole.Silo ? 3 : 1).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return role == HostRole.Silo ? new HostPorts(ports[0], ports[1], ports[2]) : new HostPorts(ports[0], 0, 0);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>One free loopback port, e.g. for a private PostgreSQL server.</summary>
    public static int PickOne() => Pick(HostRole.FrontEnd).Http;
}
