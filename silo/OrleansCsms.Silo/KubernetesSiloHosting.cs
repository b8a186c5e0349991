using System.Net;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace OrleansCsms.Silo;

/// <summary>A cluster silo running in a Kubernetes pod (Cluster:Kubernetes = true): its identity comes from the pod.</summary>
public static class KubernetesSiloHosting
{
    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue("Cluster:Kubernetes", false);

    /// <summary>
    /// Names the silo after its pod (POD_NAME, POD_NAMESPACE), advertises the pod's IP (POD_IP), takes the cluster and
    /// service ids from ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID when set, and declares a silo dead as soon as its pod
    /// is deleted. Call after the cluster settings so that these win.
    /// </summary>
    public static ISiloBuilder UseCsmsKubernetesHosting(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!IsEnabled(configuration))
        {
            return silo;
        }

        // The cluster settings advertise loopback unless told otherwise, and the package only fills in an address
        // nobody set: an unset Cluster:AdvertisedAddress becomes the pod's IP here.
        if (string.IsNullOrWhiteSpace(configuration["Cluster:AdvertisedAddress"]))
        {
            var podIp = configuration[KubernetesHostingOptions.PodIPEnvironmentVariable];
            if (!IPAddress.TryParse(podIp, out var address))
            {
                throw new InvalidOperationException(
                    $"Cluster:Kubernetes is set, but {KubernetesHostingOptions.PodIPEnvironmentVariable} ('{podIp}') is not an IP address: "
                    + "set it from the pod's status.podIP, or set Cluster:AdvertisedAddress.");
            }

            silo.Configure<EndpointOptions>(o => o.AdvertisedIPAddress = address);
        }

        return silo.UseKubernetesHosting();
    }
}
