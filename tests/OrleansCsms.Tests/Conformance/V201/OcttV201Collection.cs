using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>The OCPP 2.0.1 conformance test cases share one embedded host.</summary>
[CollectionDefinition(Name)]
public sealed class OcttV201Collection : ICollectionFixture<CsmsHostFixture>
{
    public const string Name = "OCPP 2.0.1 conformance";
}
