namespace OrleansCsms.Testing;

/// <summary>Fresh keys, so tests sharing a host or a cluster never touch each other's charge points, tags or transactions.</summary>
public static class Fresh
{
    public static string ChargePointId(string prefix = "CP") => $"{prefix}-{Guid.NewGuid():N}"[..20];

    public static string IdTag() => Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
}
