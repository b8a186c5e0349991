namespace OrleansCsms.Cluster;

/// <summary>Names this silo process in the membership table; a restarted process is a new silo.</summary>
public sealed class SiloIdentity
{
    public string Id { get; } = $"silo-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
}
