using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class IdTagGrainTests(GrainSiloFixture fixture)
{
    private GrainSilo Silo => fixture.Silo;

    [Theory]
    [InlineData("Accepted", null, "Accepted")]
    [InlineData("Accepted", 1, "Accepted")]
    [InlineData("Accepted", -1, "Expired")]
    [InlineData("Accepted", 0, "Expired")]
    [InlineData("Blocked", null, "Blocked")]
    [InlineData("Blocked", -1, "Blocked")]
    public async Task A_known_tag_is_authorized_by_its_status_and_expiry_date(string status, int? expiresInDays, string expected)
    {
        var tag = Fresh.IdTag();
        var expiry = expiresInDays is { } days ? Silo.Time.GetUtcNow().AddDays(days) : (DateTimeOffset?)null;
        await Silo.Grains.GetGrain<IIdTagGrain>(tag).PutAsync(new IdTagUpdate(status, expiry, "PARENT"));

        var info = await Silo.Grains.GetGrain<IIdTagGrain>(tag).AuthorizeAsync();

        Assert.True(info.Status == expected,
            $"Expected id tag {tag} ({status}, expiring {expiry?.ToString("u") ?? "never"}, now {Silo.Time.GetUtcNow():u}) to be {expected}, but it is {info.Status}.");
        Assert.Equal(expiry, info.ExpiryDate);
        Assert.Equal("PARENT", info.ParentIdTag);
    }

    [Fact]
    public async Task An_unknown_tag_is_Invalid()
    {
        var tag = Fresh.IdTag();

        var info = await Silo.Grains.GetGrain<IIdTagGrain>(tag).AuthorizeAsync();

        Assert.True(info.Status == "Invalid", $"Expected unknown id tag {tag} to be Invalid, but it is {info.Status}.");
        Assert.Null(await Silo.Grains.GetGrain<IIdTagGrain>(tag).GetAsync());
    }
}
