using OrleansCsms.Cluster.Tests.Infrastructure;

// Fault tests measure failover times and run real processes on few cores: one cluster at a time keeps the figures honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace OrleansCsms.Cluster.Tests;

/// <summary>A cluster whose silos get killed.</summary>
[CollectionDefinition(Name)]
public sealed class SiloFailoverCollection : ICollectionFixture<TestCluster>
{
    public const string Name = "Silo failover cluster";
}

/// <summary>A cluster that changes shape under load: silos join and leave, front-ends stop.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterChangesCollection : ICollectionFixture<TestCluster>
{
    public const string Name = "Changing cluster";
}

/// <summary>A cluster on a PostgreSQL server of its own, which the tests stop and start.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresOutageCollection : ICollectionFixture<PrivatePostgresCluster>
{
    public const string Name = "PostgreSQL outage cluster";
}

/// <summary>A cluster behind HAProxy with the operator console in a browser.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleBehindLoadBalancerCollection : ICollectionFixture<BalancedConsole>
{
    public const string Name = "Console behind the load balancer";
}
