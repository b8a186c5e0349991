using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

[Collection(GrainSiloCollection.Name)]
public sealed class ChargePointLocationGrainTests(GrainSiloFixture fixture)
{
    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_location_is_stored_and_read_back_by_another_cluster_over_the_same_database()
    {
        var id = Fresh.ChargePointId();
        await Silo.Grains.GetGrain<IChargePointGrain>(id).RegisterAsync(new ChargePointRegistration("Quay 4", null, null));

        var set = await Silo.Grains.GetGrain<IChargePointGrain>(id).SetLocationAsync(new ChargePointLocation(new GeoPosition(59.3293, 18.0686), "Skeppsbron 4, Stockholm"));

        await using var other = await fixture.StartSiloAsync();
        var stored = await other.Grains.GetGrain<IChargePointGrain>(id).GetAsync();
        Assert.True(set, $"Expected the location of registered charge point {id} to be set.");
        Assert.True(
            stored is { Position: { Latitude: 59.3293, Longitude: 18.0686 }, Address: "Skeppsbron 4, Stockholm" },
            $"Expected charge point {id} to be stored at 59.3293, 18.0686 on Skeppsbron, but it is at {stored?.Position}, '{stored?.Address}'.");
    }

    [Fact]
    public async Task A_new_location_replaces_the_old_one_whole_and_null_removes_it()
    {
        var id = Fresh.ChargePointId();
        var chargePoint = Silo.Grains.GetGrain<IChargePointGrain>(id);
        await chargePoint.RegisterAsync(new ChargePointRegistration(null, null, null, new ChargePointLocation(new GeoPosition(1, 2), "Old street")));

        await chargePoint.SetLocationAsync(new ChargePointLocation(new GeoPosition(-33.8688, 151.2093), null));
        var moved = await chargePoint.GetAsync();
        await chargePoint.SetLocationAsync(null);
        var removed = await chargePoint.GetAsync();

        Assert.True(moved is { Position: { Latitude: -33.8688, Longitude: 151.2093 }, Address: null },
            $"Expected the new position without the old address, but got {moved?.Position}, '{moved?.Address}'.");
        Assert.True(removed is { Position: null, Address: null }, $"Expected no location after removing it, but got {removed?.Position}, '{removed?.Address}'.");
    }

    [Fact]
    public async Task An_unregistered_charge_point_gets_no_location()
    {
        var id = Fresh.ChargePointId();

        var set = await Silo.Grains.GetGrain<IChargePointGrain>(id).SetLocationAsync(new ChargePointLocation(new GeoPosition(0, 0), null));

        Assert.False(set, $"Expected no location set on unregistered charge point {id}.");
        Assert.Null(await Silo.Grains.GetGrain<IChargePointGrain>(id).GetAsync());
    }
}
