using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>OCTT 2.0.1 block P (DataTransfer and custom data), CSMS side.</summary>
[Collection(OcttV201Collection.Name)]
public sealed class DataTransferTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Fact]
    public async Task TC_P_02_CSMS_A_data_transfer_of_an_unknown_vendor_is_answered_UnknownVendorId()
    {
        var station = await BootedStationAsync();

        var answer = await station.AcknowledgedAsync("DataTransfer", new { vendorId = "com.example.unknown", messageId = "Hello", data = new { greeting = "hi" } });

        var status = answer.GetProperty("status").GetString();
        Assert.True(status is "UnknownVendorId" or "UnknownMessageId" or "Rejected", $"Expected an unknown vendor's data transfer to be refused, but it was {answer}.");
    }

    [Fact]
    public async Task TC_P_03_CSMS_Custom_data_in_messages_is_ignored_and_the_messages_answered()
    {
        var station = await BootedStationAsync();
        var customData = new { vendorId = "com.example.charger", firmwareBuild = "r42" };

        await station.AcknowledgedAsync("StatusNotification", new
        {
            customData,
            timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            connectorStatus = "Occupied",
            evseId = OcttStation.Evse,
            connectorId = OcttStation.Connector,
        });
        await station.AcknowledgedAsync("TransactionEvent", new
        {
            customData,
            eventType = "Started",
            timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            triggerReason = "CablePluggedIn",
            seqNo = 0,
            transactionInfo = new { transactionId = Guid.NewGuid().ToString(), chargingState = "EVConnected", customData },
            evse = new { id = OcttStation.Evse, connectorId = OcttStation.Connector },
        });

        Assert.Equal("Occupied", (await Operator.ConnectorAsync(station.Id, OcttStation.Evse)).GetProperty("status").GetString());
    }
}
