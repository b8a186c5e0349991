using System.Net;

namespace OrleansCsms.Hosting.Tests;

/// <summary>Membership entries for the contract tests, each for a silo address no other test uses.</summary>
internal static class MembershipEntries
{
    private static int _lastPort = 20_000;

    /// <summary>A fixed instant to count from; whole microseconds, which is what timestamptz keeps.</summary>
    public static readonly DateTime Epoch = new(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);

    public static SiloAddress NewSiloAddress() =>
        SiloAddress.New(new IPEndPoint(IPAddress.Loopback, Interlocked.Increment(ref _lastPort)), Random.Shared.Next(1, int.MaxValue));

    public static MembershipEntry Entry(SiloAddress? silo = null, SiloStatus status = SiloStatus.Joining, int proxyPort = 0) => new()
    {
        SiloAddress = silo ?? NewSiloAddress(),
        Status = status,
        SuspectTimes = [],
        ProxyPort = proxyPort,
        HostName = "host-a",
        SiloName = "silo-a",
        RoleName = "csms",
        UpdateZone = 1,
        FaultZone = 2,
        StartTime = Epoch,
        IAmAliveTime = Epoch,
    };
}
