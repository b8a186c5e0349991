using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>The OCPP 1.6 conformance test cases share one embedded host.</summary>
[CollectionDefinition(Name)]
public sealed class OcttCollection : ICollectionFixture<CsmsHostFixture>
{
    public const string Name = "OCPP 1.6 conformance";
}
