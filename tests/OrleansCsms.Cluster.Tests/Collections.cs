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

/// <summary>A cluster where calls cross processes: front-ends to silos, silos to silos, silos to other front-ends' sockets.</summary>
[CollectionDefinition(Name)]
public sealed class LocationTransparencyCollection : ICollectionFixture<TestCluster>
{
    public const string Name = "Location transparency cluster";
}

/// <summary>A cluster that silos join under load.</summary>
[CollectionDefinition(Name)]
public sealed class ElasticityCollection : ICollectionFixture<TestCluster>
{
    public const string Name = "Elasticity cluster";
}
