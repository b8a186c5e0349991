using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Ocpp.Tests.V201;

public sealed class V201ActionsTests
{
    [Fact]
    public void The_catalogue_lists_exactly_the_64_actions_of_the_schema_file()
    {
        var catalogued = V201Actions.All.Select(a => a.Name).Order().ToList();
        var inSchemas = OfficialSchemas.V201.Select(s => s.Action).Distinct().Order().ToList();

        Expect.Equal(string.Join(", ", inSchemas), string.Join(", ", catalogued), "the catalogued action names");
        Expect.Equal(64, catalogued.Count, "the number of 2.0.1 actions");
    }

    [Fact]
    public void Each_action_pairs_its_own_request_and_confirmation_types()
    {
        foreach (var action in V201Actions.All)
        {
            Expect.Equal($"{action.Name}Request", action.RequestType.Name, $"the request type of {action.Name}");
            Expect.Equal($"{action.Name}Confirmation", action.ConfirmationType.Name, $"the confirmation type of {action.Name}");
        }
    }

    // Who sends each request, as the 2.0.1 specification's message list states it.
    private static readonly Dictionary<string, V201ActionDirection> SpecifiedDirections = new()
    {
        ["Authorize"] = V201ActionDirection.ChargingStationToCsms,
        ["BootNotification"] = V201ActionDirection.ChargingStationToCsms,
        ["ClearedChargingLimit"] = V201ActionDirection.ChargingStationToCsms,
        ["FirmwareStatusNotification"] = V201ActionDirection.ChargingStationToCsms,
        ["Get15118EVCertificate"] = V201ActionDirection.ChargingStationToCsms,
        ["GetCertificateStatus"] = V201ActionDirection.ChargingStationToCsms,
        ["Heartbeat"] = V201ActionDirection.ChargingStationToCsms,
        ["LogStatusNotification"] = V201ActionDirection.ChargingStationToCsms,
        ["MeterValues"] = V201ActionDirection.ChargingStationToCsms,
        ["NotifyChargingLimit"] = V201ActionDirection.ChargingStationToCsms,
        ["NotifyCustomerInformation"] = V201ActionDirection.ChargingStationToCsms,
        ["NotifyDisplayMessages"] = V201ActionDirection.ChargingStationToCsms,
        ["NotifyEVChargingNeeds"] = V201ActionDirection.ChargingStationToCsms,
        ["NotifyEVChargingSchedule"] = V201ActionDirection.ChargingStationToCsms,
        ["NotifyEvent"] = V201ActionDirection.ChargingStationToCsms,
        ["NotifyMonitoringReport"] = V201ActionDirection.ChargingStationToCsms,
        ["NotifyReport"] = V201ActionDirection.ChargingStationToCsms,
        ["PublishFirmwareStatusNotification"] = V201ActionDirection.ChargingStationToCsms,
        ["ReportChargingProfiles"] = V201ActionDirection.ChargingStationToCsms,
        ["ReservationStatusUpdate"] = V201ActionDirection.ChargingStationToCsms,
        ["SecurityEventNotification"] = V201ActionDirection.ChargingStationToCsms,
        ["SignCertificate"] = V201ActionDirection.ChargingStationToCsms,
        ["StatusNotification"] = V201ActionDirection.ChargingStationToCsms,
        ["TransactionEvent"] = V201ActionDirection.ChargingStationToCsms,
        ["DataTransfer"] = V201ActionDirection.Both,
        ["CancelReservation"] = V201ActionDirection.CsmsToChargingStation,
        ["CertificateSigned"] = V201ActionDirection.CsmsToChargingStation,
        ["ChangeAvailability"] = V201ActionDirection.CsmsToChargingStation,
        ["ClearCache"] = V201ActionDirection.CsmsToChargingStation,
        ["ClearChargingProfile"] = V201ActionDirection.CsmsToChargingStation,
        ["ClearDisplayMessage"] = V201ActionDirection.CsmsToChargingStation,
        ["ClearVariableMonitoring"] = V201ActionDirection.CsmsToChargingStation,
        ["CostUpdated"] = V201ActionDirection.CsmsToChargingStation,
        ["CustomerInformation"] = V201ActionDirection.CsmsToChargingStation,
        ["DeleteCertificate"] = V201ActionDirection.CsmsToChargingStation,
        ["GetBaseReport"] = V201ActionDirection.CsmsToChargingStation,
        ["GetChargingProfiles"] = V201ActionDirection.CsmsToChargingStation,
        ["GetCompositeSchedule"] = V201ActionDirection.CsmsToChargingStation,
        ["GetDisplayMessages"] = V201ActionDirection.CsmsToChargingStation,
        ["GetInstalledCertificateIds"] = V201ActionDirection.CsmsToChargingStation,
        ["GetLocalListVersion"] = V201ActionDirection.CsmsToChargingStation,
        ["GetLog"] = V201ActionDirection.CsmsToChargingStation,
        ["GetMonitoringReport"] = V201ActionDirection.CsmsToChargingStation,
        ["GetReport"] = V201ActionDirection.CsmsToChargingStation,
        ["GetTransactionStatus"] = V201ActionDirection.CsmsToChargingStation,
        ["GetVariables"] = V201ActionDirection.CsmsToChargingStation,
        ["InstallCertificate"] = V201ActionDirection.CsmsToChargingStation,
        ["PublishFirmware"] = V201ActionDirection.CsmsToChargingStation,
        ["RequestStartTransaction"] = V201ActionDirection.CsmsToChargingStation,
        ["RequestStopTransaction"] = V201ActionDirection.CsmsToChargingStation,
        ["ReserveNow"] = V201ActionDirection.CsmsToChargingStation,
        ["Reset"] = V201ActionDirection.CsmsToChargingStation,
        ["SendLocalList"] = V201ActionDirection.CsmsToChargingStation,
        ["SetChargingProfile"] = V201ActionDirection.CsmsToChargingStation,
        ["SetDisplayMessage"] = V201ActionDirection.CsmsToChargingStation,
        ["SetMonitoringBase"] = V201ActionDirection.CsmsToChargingStation,
        ["SetMonitoringLevel"] = V201ActionDirection.CsmsToChargingStation,
        ["SetNetworkProfile"] = V201ActionDirection.CsmsToChargingStation,
        ["SetVariableMonitoring"] = V201ActionDirection.CsmsToChargingStation,
        ["SetVariables"] = V201ActionDirection.CsmsToChargingStation,
        ["TriggerMessage"] = V201ActionDirection.CsmsToChargingStation,
        ["UnlockConnector"] = V201ActionDirection.CsmsToChargingStation,
        ["UnpublishFirmware"] = V201ActionDirection.CsmsToChargingStation,
        ["UpdateFirmware"] = V201ActionDirection.CsmsToChargingStation,
    };

    public static TheoryData<string, V201ActionDirection> Directions()
    {
        var data = new TheoryData<string, V201ActionDirection>();
        foreach (var (name, direction) in SpecifiedDirections)
        {
            data.Add(name, direction);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public void Each_action_knows_who_sends_its_request(string name, V201ActionDirection direction)
    {
        Expect.Equal(direction, V201Actions.Get(name).Direction, $"the direction of {name}");
    }

    [Fact]
    public void Every_catalogued_action_has_its_specified_direction_checked()
    {
        Expect.Equal(
            string.Join(", ", SpecifiedDirections.Keys.Order()),
            string.Join(", ", V201Actions.All.Select(a => a.Name).Order()),
            "the actions whose direction is checked");
    }

    [Fact]
    public void Data_transfer_is_the_only_action_both_sides_send()
    {
        var both = V201Actions.All.Where(a => a.IsSentByChargingStation && a.IsSentByCsms).Select(a => a.Name);

        Expect.Equal("DataTransfer", string.Join(", ", both), "the actions sent in both directions");
    }

    [Fact]
    public void An_unknown_action_is_not_in_the_catalogue()
    {
        Assert.False(V201Actions.TryGet("StartTransaction", out _), "Expected the 1.6 StartTransaction not to be a 2.0.1 action.");
        Assert.False(V201Schemas.IsKnownAction("RemoteStartTransaction"), "Expected the 1.6 RemoteStartTransaction to have no 2.0.1 schema.");
        Assert.True(V201Schemas.IsKnownAction("TransactionEvent"), "Expected TransactionEvent to have a schema.");
    }
}
