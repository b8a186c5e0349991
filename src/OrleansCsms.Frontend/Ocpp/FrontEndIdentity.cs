namespace OrleansCsms.Frontend.Ocpp;

/// <summary>Names this front-end process, so a charge point's grain knows which front-end holds its socket.</summary>
public sealed class FrontEndIdentity
{
    public string Id { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
}
