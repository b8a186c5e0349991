namespace OrleansCsms.Ocpp.Tests.Framing;

public sealed class OcppVersionsTests
{
    [Theory]
    [InlineData("ocpp1.6", OcppVersion.V16)]
    [InlineData("OCPP1.6", OcppVersion.V16)]
    [InlineData("ocpp2.0.1", OcppVersion.V201)]
    public void A_subprotocol_names_its_version(string subprotocol, OcppVersion version)
    {
        Expect.Equal(version, OcppVersions.FromSubprotocol(subprotocol), $"the version named by {subprotocol}");
    }

    [Theory]
    [InlineData(OcppVersion.V16, "ocpp1.6")]
    [InlineData(OcppVersion.V201, "ocpp2.0.1")]
    public void A_version_names_its_subprotocol(OcppVersion version, string subprotocol)
    {
        Expect.Equal(subprotocol, OcppVersions.ToSubprotocol(version), $"the subprotocol of {version}");
    }

    [Theory]
    [InlineData("ocpp1.5")]
    [InlineData("")]
    [InlineData("mqtt")]
    public void An_unknown_subprotocol_is_refused(string subprotocol)
    {
        Assert.False(OcppVersions.TryFromSubprotocol(subprotocol, out _), $"Expected '{subprotocol}' not to name a version.");
        Assert.Throws<ArgumentException>(() => OcppVersions.FromSubprotocol(subprotocol));
    }

    [Fact]
    public void Both_1_6_and_2_0_1_are_offered()
    {
        Assert.True(OcppVersions.Supported.SequenceEqual(["ocpp1.6", "ocpp2.0.1"]), $"Expected ocpp1.6 and ocpp2.0.1 to be offered, got [{string.Join(", ", OcppVersions.Supported)}].");
        Assert.True(OcppVersions.IsSupported(OcppVersion.V16), "Expected 1.6 to be supported.");
        Assert.True(OcppVersions.IsSupported(OcppVersion.V201), "Expected 2.0.1 to be supported.");
    }
}
