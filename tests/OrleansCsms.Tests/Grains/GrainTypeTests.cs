using System.Reflection;
using OrleansCsms.Grains;
using OrleansCsms.Storage;

namespace OrleansCsms.Tests.Grains;

public sealed class GrainTypeTests
{
    [Theory]
    [InlineData(typeof(ChargePointGrain), GrainTypes.ChargePoint)]
    [InlineData(typeof(TransactionGrain), GrainTypes.Transaction)]
    [InlineData(typeof(IdTagGrain), GrainTypes.IdTag)]
    [InlineData(typeof(ReservationGrain), GrainTypes.Reservation)]
    [InlineData(typeof(ReservationIdsGrain), GrainTypes.ReservationIds)]
    [InlineData(typeof(LocalAuthListGrain), GrainTypes.LocalAuthList)]
    [InlineData(typeof(ChargingProfilesGrain), GrainTypes.ChargingProfiles)]
    [InlineData(typeof(MaintenanceJobGrain), GrainTypes.MaintenanceJob)]
    [InlineData(typeof(MaintenanceJobIdsGrain), GrainTypes.MaintenanceJobIds)]
    [InlineData(typeof(FirmwareFileGrain), GrainTypes.FirmwareFile)]
    [InlineData(typeof(WebhookDeliveryGrain), GrainTypes.WebhookDelivery)]
    [InlineData(typeof(SecurityEventLogGrain), GrainTypes.SecurityEventLog)]
    [InlineData(typeof(ChargePointSecurityGrain), GrainTypes.ChargePointSecurity)]
    [InlineData(typeof(ClusterStatisticsGrain), GrainTypes.ClusterStatistics)]
    [InlineData(typeof(RemoteStartIdsGrain), GrainTypes.RemoteStartIds)]
    [InlineData(typeof(DeviceModelGrain), GrainTypes.DeviceModel)]
    [InlineData(typeof(Iso15118CertificatesGrain), GrainTypes.Iso15118Certificates)]
    [InlineData(typeof(TariffsGrain), GrainTypes.Tariffs)]
    [InlineData(typeof(DisplayMessagesGrain), GrainTypes.DisplayMessages)]
    [InlineData(typeof(CustomerInformationGrain), GrainTypes.CustomerInformation)]
    [InlineData(typeof(SignInAttemptsGrain), GrainTypes.SignInAttempts)]
    public void Each_grain_class_is_pinned_to_the_type_name_its_stored_state_is_kept_under(Type grainClass, string storedName)
    {
        var pinned = grainClass.GetCustomAttribute<GrainTypeAttribute>();

        Assert.True(pinned is not null, $"Expected {grainClass.Name} to carry [GrainType(\"{storedName}\")] so that renaming it never orphans its state.");
        Assert.Equal(storedName, pinned.GetGrainType(null!, grainClass).ToString());
    }

    [Fact]
    public void A_transaction_is_stored_under_its_number_in_decimal()
    {
        var key = CsmsGrainStorage.KeyOf(GrainId.Create(GrainType.Create(GrainTypes.Transaction), GrainIdKeyExtensions.CreateIntegerKey(4_000_123)));

        Assert.True(key == new GrainStateKey(GrainTypes.Transaction, "4000123"),
            $"Expected transaction 4000123 to be stored as Transaction/4000123, as operator queries read it, but it is {key}.");
    }

    [Fact]
    public void A_reservation_is_stored_under_its_number_in_decimal()
    {
        var key = CsmsGrainStorage.KeyOf(GrainId.Create(GrainType.Create(GrainTypes.Reservation), GrainIdKeyExtensions.CreateIntegerKey(4_711)));

        Assert.True(key == new GrainStateKey(GrainTypes.Reservation, "4711"),
            $"Expected reservation 4711 to be stored as Reservation/4711, as operator queries read it, but it is {key}.");
    }
}
