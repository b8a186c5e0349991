using System.ComponentModel.DataAnnotations;
using System.Net;
using OrleansCsms.Frontend.Ocpp;
using OrleansCsms.Tests.Api;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

/// <summary>
/// Connector 0 is the charge point as a whole and 1 to Ocpp:MaxConnectorId (32 by default) its connectors; a call
/// naming any other connector is a PropertyConstraintViolation and stores nothing, as is a transaction on connector 0.
/// </summary>
[Collection(CsmsCollection.Name)]
public sealed class ConnectorIdTests(CsmsHostFixture fixture)
{
    private CsmsHost Host => fixture.Host;

    [Theory]
    [InlineData(-1)]
    [InlineData(33)]
    [InlineData(int.MaxValue)]
    public async Task A_status_notification_for_a_connector_out_of_bounds_is_a_property_constraint_violation_and_records_no_status(int connectorId)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var error = await Assert.ThrowsAsync<OcppCallErrorException>(() => chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(connectorId, "Available")));

        AssertConnectorRefused(error, connectorId);
        var details = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}"), HttpStatusCode.OK);
        Assert.True(details.GetProperty("connectors").GetArrayLength() == 0, $"No connector status may be recorded: {details}");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(33)]
    public async Task Meter_values_for_a_connector_out_of_bounds_are_a_property_constraint_violation_and_none_is_stored(int connectorId)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var time = DateTimeOffset.UtcNow.AddMinutes(-5);
        var transactionId = (await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(Fresh.IdTag(), 0, time))).GetProperty("transactionId").GetInt32();

        var error = await Assert.ThrowsAsync<OcppCallErrorException>(() =>
            chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, time.AddMinutes(1), 500, connectorId)));

        AssertConnectorRefused(error, connectorId);
        var transaction = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/transactions/{transactionId}"), HttpStatusCode.OK);
        Assert.True(transaction.GetProperty("meterValueCount").GetInt32() == 0, $"No sampled value may be stored: {transaction}");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(33)]
    public async Task A_transaction_on_connector_0_or_out_of_bounds_is_a_property_constraint_violation_and_starts_nothing(int connectorId)
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());

        var error = await Assert.ThrowsAsync<OcppCallErrorException>(() =>
            chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(Fresh.IdTag(), 0, DateTimeOffset.UtcNow, connectorId)));

        AssertConnectorRefused(error, connectorId);
        var transactions = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/transactions?chargePointId={chargePoint.Id}"), HttpStatusCode.OK);
        Assert.True(transactions.GetProperty("totalCount").GetInt64() == 0, $"No transaction may be started: {transactions}");
    }

    [Fact]
    public async Task Connector_0_and_the_highest_connector_take_status_and_meter_values_and_the_highest_takes_a_transaction()
    {
        await using var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        var time = DateTimeOffset.UtcNow.AddMinutes(-5);

        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(0, "Available"));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(32, "Preparing"));
        await chargePoint.CallAsync("MeterValues", new { connectorId = 0, meterValue = new[] { V16Messages.MeterValue(time, 100) } });
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(Fresh.IdTag(), 0, time, connectorId: 32));
        var transactionId = started.GetProperty("transactionId").GetInt32();
        await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, time.AddMinutes(1), 500, connectorId: 32));

        var details = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/charge-points/{chargePoint.Id}"), HttpStatusCode.OK);
        var connectors = details.GetProperty("connectors").EnumerateArray().Select(c => c.GetProperty("connectorId").GetInt32());
        Assert.True(connectors.SequenceEqual([0, 32]), $"Expected statuses of connectors 0 and 32: {details}");
        var transaction = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/transactions/{transactionId}"), HttpStatusCode.OK);
        Assert.Equal(32, transaction.GetProperty("connectorId").GetInt32());
        Assert.Equal(5, transaction.GetProperty("meterValueCount").GetInt32());
    }

    [Fact]
    public async Task The_configured_maximum_is_what_bounds_connector_ids()
    {
        var scratch = Directory.CreateTempSubdirectory("csms-connectors-");
        await using (var host = await CsmsHost.StartAsync(new Dictionary<string, string?> { ["Ocpp:MaxConnectorId"] = "2" }, sqlitePath: Path.Combine(scratch.FullName, "csms.db")))
        {
            await using var chargePoint = await TestChargePoint.ConnectAsync(host, Fresh.ChargePointId());

            await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(2, "Available"));
            var error = await Assert.ThrowsAsync<OcppCallErrorException>(() => chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(3, "Available")));

            AssertConnectorRefused(error, 3);
            Assert.Contains("2", error.Description, StringComparison.Ordinal);
        }

        scratch.Delete(recursive: true);
    }

    [Fact]
    public void The_highest_connector_id_is_a_setting_checked_at_start()
    {
        Assert.Equal(32, new OcppOptions().MaxConnectorId);
        foreach (var (value, valid) in new[] { (0, false), (1, true), (32, true), (1_000, true), (1_001, false) })
        {
            var options = new OcppOptions { MaxConnectorId = value };

            Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true) == valid,
                $"Ocpp:MaxConnectorId = {value} must be {(valid ? "accepted" : "refused")}.");
        }
    }

    private static void AssertConnectorRefused(OcppCallErrorException error, int connectorId) =>
        Assert.True(error.ErrorCode == "PropertyConstraintViolation" && error.Description.Contains("connectorId", StringComparison.Ordinal)
            && error.Description.Contains(connectorId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            $"Expected a PropertyConstraintViolation naming connectorId {connectorId}, but got {error.ErrorCode}: {error.Description}");
}
