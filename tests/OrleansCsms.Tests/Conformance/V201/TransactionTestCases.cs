using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// OCTT 2.0.1 block E (transactions), CSMS side: the tool starts and stops transactions at every start and stop
/// point a station can be configured with; the CSMS answers each TransactionEvent and keeps one transaction per station id.
/// </summary>
[Collection(OcttV201Collection.Name)]
public sealed class TransactionTestCases(CsmsHostFixture fixture) : StationTestCases(fixture)
{
    [Fact]
    public async Task TC_E_01_CSMS_A_transaction_started_when_the_power_path_closes_is_acknowledged()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.AuthorizeAsync(token);
        await station.ConnectorStatusAsync("Occupied");

        await station.EventAsync("Started", "ChargingStateChanged", idToken: token, chargingState: "Charging", expectedTokenStatus: "Accepted");

        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_E_02_CSMS_A_transaction_started_with_energy_transfer_carries_the_accepted_token()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.AuthorizeAsync(token);
        await station.ConnectorStatusAsync("Occupied");

        var answer = await station.EventAsync("Started", "ChargingStateChanged", idToken: token, chargingState: "Charging", expectedTokenStatus: "Accepted");

        Assert.True(answer.TryGetProperty("idTokenInfo", out _), $"Expected the CSMS to tell the status of the token the Started event carries, but it answered {answer}.");
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(token, transaction.GetProperty("idTag").GetString());
    }

    [Fact]
    public async Task TC_E_03_CSMS_A_local_start_with_the_cable_plugged_in_first_is_one_transaction()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.EvConnectedPreSessionAsync();

        await station.AuthorizedAsync(token);
        await station.EnergyTransferStartedAsync(cablePluggedIn: true);

        await StationRecords.AssertOngoingAsync(Host, station);
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(token, transaction.GetProperty("idTag").GetString());
        Assert.Equal("Charging", transaction.GetProperty("station").GetProperty("chargingState").GetString());
    }

    [Fact]
    public async Task TC_E_04_CSMS_A_local_start_authorized_first_is_one_transaction()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        await station.AuthorizedAsync(token);
        await station.EnergyTransferStartedAsync();

        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_E_07_CSMS_A_local_stop_ends_the_transaction_with_reason_Local()
    {
        var (station, _) = await ChargingStationAsync();

        await station.EventAsync("Ended", "StopAuthorized", stoppedReason: "Local");

        await StationRecords.AssertEndedAsync(Host, station, "Local");
    }

    [Fact]
    public async Task TC_E_08_CSMS_A_transaction_ended_when_energy_transfer_stops_after_StopAuthorized_is_recorded()
    {
        var (station, token) = await ChargingStationAsync();
        await station.StopAuthorizedAsync(token);

        await station.EventAsync("Ended", "ChargingStateChanged", chargingState: "EVConnected", stoppedReason: "Local");

        await StationRecords.AssertEndedAsync(Host, station, "Local");
    }

    [Fact]
    public async Task TC_E_09_CSMS_A_transaction_started_when_the_EV_connects_is_acknowledged()
    {
        var station = await BootedStationAsync();
        await station.ConnectorStatusAsync("Occupied");

        await station.EventAsync("Started", "CablePluggedIn", chargingState: "EVConnected");

        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_E_10_CSMS_A_transaction_started_by_a_local_authorization_is_accepted()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();

        await station.AuthorizedAsync(token);

        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_E_11_CSMS_A_transaction_started_by_signed_meter_data_is_acknowledged()
    {
        var station = await BootedStationAsync();
        var now = DateTimeOffset.UtcNow;

        var answer = await station.Socket.CallAsync("TransactionEvent", new
        {
            eventType = "Started",
            timestamp = V201Messages.Timestamp(now),
            triggerReason = "SignedDataReceived",
            seqNo = 0,
            transactionInfo = new { transactionId = Guid.NewGuid().ToString(), chargingState = "EVConnected" },
            evse = new { id = OcttStation.Evse, connectorId = OcttStation.Connector },
            meterValue = new[]
            {
                new
                {
                    timestamp = V201Messages.Timestamp(now),
                    sampledValue = new[]
                    {
                        new
                        {
                            value = 1234.5,
                            context = "Transaction.Begin",
                            measurand = "Energy.Active.Import.Register",
                            signedMeterValue = new { signedMeterData = "QUJDREVGRw==", signingMethod = "ECDSA-secp256r1-SHA256", encodingMethod = "OCMF", publicKey = "MFkwEwYHKoZIzj0=" },
                        },
                    },
                },
            },
        });

        Assert.Equal(System.Text.Json.JsonValueKind.Object, answer.ValueKind);
    }

    [Fact]
    public async Task TC_E_12_CSMS_A_transaction_started_when_the_parking_bay_is_occupied_is_acknowledged()
    {
        var station = await BootedStationAsync();

        await station.EventAsync("Started", "EVDetected");

        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_E_14_CSMS_A_transaction_ended_by_the_EV_disconnecting_at_the_station_is_recorded()
    {
        var (station, _) = await ChargingStationAsync();

        await station.EvDisconnectedAsync();

        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
    }

    [Fact]
    public async Task TC_E_15_CSMS_A_local_stop_by_the_same_token_is_accepted_and_ends_the_transaction()
    {
        var (station, token) = await ChargingStationAsync();
        await station.AuthorizeAsync(token);

        await station.EventAsync("Ended", "StopAuthorized", idToken: token, stoppedReason: "Local", expectedTokenStatus: "Accepted");

        await StationRecords.AssertEndedAsync(Host, station, "Local");
    }

    [Fact]
    public async Task TC_E_16_CSMS_An_invalid_token_is_answered_Invalid_and_the_deauthorized_transaction_ends()
    {
        var station = await BootedStationAsync();
        var unknownToken = Fresh.IdTag();

        var started = await station.EventAsync("Started", "Authorized", idToken: unknownToken);
        var status = started.GetProperty("idTokenInfo").GetProperty("status").GetString();
        Assert.True(status is "Invalid" or "Unknown", $"Expected an unknown token to be answered Invalid or Unknown, but it was {status}.");
        await station.EventAsync("Ended", "Deauthorized", stoppedReason: "DeAuthorized");

        await StationRecords.AssertEndedAsync(Host, station, "DeAuthorized");
    }

    [Fact]
    public async Task TC_E_17_CSMS_A_suspended_transaction_ended_by_the_EV_side_disconnect_is_recorded()
    {
        var (station, _) = await ChargingStationAsync();
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "SuspendedEV");

        await station.EventAsync("Ended", "EVCommunicationLost", chargingState: "Idle", stoppedReason: "EVDisconnected");

        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
    }

    [Fact]
    public async Task TC_E_19_CSMS_A_transaction_ended_when_the_parking_bay_empties_is_recorded()
    {
        var (station, token) = await ChargingStationAsync();
        await station.StopAuthorizedAsync(token);
        await station.EvConnectedPostSessionAsync();
        await station.ConnectorStatusAsync("Available");
        await station.EventAsync("Updated", "EVCommunicationLost", chargingState: "Idle");

        await station.EventAsync("Ended", "EVDeparted", stoppedReason: "Local");

        await StationRecords.AssertEndedAsync(Host, station, "Local");
    }

    [Fact]
    public async Task TC_E_20_CSMS_A_suspended_transaction_ended_by_an_IEC_61851_EV_disconnecting_is_recorded()
    {
        var (station, _) = await ChargingStationAsync();
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "SuspendedEVSE");

        await station.EvDisconnectedAsync();

        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
    }

    [Fact]
    public async Task TC_E_21_CSMS_A_remote_stop_names_the_station_s_transaction_and_its_Ended_event_is_recorded()
    {
        var (station, _) = await ChargingStationAsync();
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);

        var answer = await Operator.PostAsync($"/api/charge-points/{station.Id}/remote-stop", new { transactionId = transaction.GetProperty("id").GetInt32() });

        Assert.Equal("Accepted", answer.GetProperty("status").GetString());
        var (action, payload) = station.Socket.ServerCalls.Last();
        Assert.Equal("RequestStopTransaction", action);
        Assert.Equal(station.TransactionId, payload.GetProperty("transactionId").GetString());
        await station.EventAsync("Ended", "RemoteStop", stoppedReason: "Remote");
        await StationRecords.AssertEndedAsync(Host, station, "Remote");
    }

    [Fact]
    public async Task TC_E_22_CSMS_A_transaction_ended_when_the_EV_suspends_is_recorded_as_stopped_by_the_EV()
    {
        var (station, _) = await ChargingStationAsync();

        await station.EventAsync("Ended", "ChargingStateChanged", chargingState: "SuspendedEV", stoppedReason: "StoppedByEV");

        await StationRecords.AssertEndedAsync(Host, station, "StoppedByEV");
    }

    [Fact]
    public async Task TC_E_26_CSMS_A_cable_disconnected_on_the_EV_side_suspends_the_transaction_which_stays_open()
    {
        var (station, _) = await ChargingStationAsync();
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "SuspendedEV");

        await station.EventAsync("Updated", "EVCommunicationLost", chargingState: "Idle");
        await station.ConnectorStatusAsync("Available");
        await station.ConnectorStatusAsync("Occupied");
        await station.EventAsync("Updated", "CablePluggedIn", chargingState: "EVConnected");
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "Charging");

        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_E_29_CSMS_The_status_of_an_ongoing_transaction_with_queued_messages_is_asked_and_the_queued_event_recorded()
    {
        var (station, _) = await ChargingStationAsync();
        var transactionId = (await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!)).GetProperty("id").GetInt32();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { ongoingIndicator = true, messagesInQueue = true });

        var status = await Operator.PostAsync($"/api/charge-points/{station.Id}/transaction-status", new { transactionId });

        Assert.True(status.GetProperty("messagesInQueue").GetBoolean(), $"Expected the station's answer to reach the operator, but it was {status}.");
        var (action, payload) = station.Socket.ServerCalls.Last();
        Assert.Equal("GetTransactionStatus", action);
        Assert.Equal(station.TransactionId, payload.GetProperty("transactionId").GetString());
        await station.EventAsync("Updated", "MeterValuePeriodic", offline: true, timestamp: DateTimeOffset.UtcNow.AddMinutes(-1));
        await StationRecords.AssertOngoingAsync(Host, station);
    }

    [Fact]
    public async Task TC_E_30_CSMS_The_status_of_an_ongoing_transaction_without_queued_messages_is_asked_by_its_id()
    {
        var (station, _) = await ChargingStationAsync();
        var transactionId = (await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!)).GetProperty("id").GetInt32();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { ongoingIndicator = true, messagesInQueue = false });

        var status = await Operator.PostAsync($"/api/charge-points/{station.Id}/transaction-status", new { transactionId });

        Assert.False(status.GetProperty("messagesInQueue").GetBoolean());
        Assert.Equal(station.TransactionId, station.Socket.ServerCalls.Last().Payload.GetProperty("transactionId").GetString());
    }

    [Fact]
    public async Task TC_E_31_CSMS_An_ended_transaction_with_events_still_queued_gets_them_late_and_counts_each_once()
    {
        var (station, token) = await ChargingStationAsync();
        var transactionId = (await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!)).GetProperty("id").GetInt32();
        var queuedSeqNo = station.NextSeqNo;
        station.NextSeqNo += 2;
        await station.EventAsync("Ended", "EVCommunicationLost", chargingState: "Idle", stoppedReason: "EVDisconnected", offline: true);
        var holes = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal($"{queuedSeqNo}-{queuedSeqNo + 1}", holes.GetProperty("station").GetProperty("missingSeqNos").GetString());
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { ongoingIndicator = false, messagesInQueue = true });

        var status = await Operator.PostAsync($"/api/charge-points/{station.Id}/transaction-status", new { transactionId });
        Assert.False(status.GetProperty("ongoingIndicator").GetBoolean());
        var end = station.NextSeqNo;
        station.NextSeqNo = queuedSeqNo;
        await station.EventAsync("Updated", "StopAuthorized", idToken: token, offline: true, expectedTokenStatus: "Accepted", timestamp: DateTimeOffset.UtcNow.AddMinutes(-2));
        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "EVConnected", offline: true, timestamp: DateTimeOffset.UtcNow.AddMinutes(-1));
        station.NextSeqNo = end;

        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
        var complete = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, complete.GetProperty("station").GetProperty("missingSeqNos").ValueKind);
    }

    [Fact]
    public async Task TC_E_33_CSMS_The_status_asked_without_a_transaction_id_reports_queued_messages()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { messagesInQueue = true });

        var status = await Operator.PostAsync($"/api/charge-points/{station.Id}/transaction-status", new { });

        Assert.True(status.GetProperty("messagesInQueue").GetBoolean());
        Assert.False(station.Socket.ServerCalls.Last().Payload.TryGetProperty("transactionId", out _), "Without a transaction the request must leave transactionId out.");
    }

    [Fact]
    public async Task TC_E_34_CSMS_The_status_asked_without_a_transaction_id_leaves_the_id_out()
    {
        var station = await BootedStationAsync();
        station.Socket.OnServerCall = (_, _) => ServerCallAnswer.Result(new { messagesInQueue = false });

        var status = await Operator.PostAsync($"/api/charge-points/{station.Id}/transaction-status", new { });

        Assert.False(status.GetProperty("messagesInQueue").GetBoolean());
        var (action, payload) = Assert.Single(station.Socket.ServerCalls);
        Assert.Equal("GetTransactionStatus", action);
        Assert.False(payload.TryGetProperty("transactionId", out _), "Without a transaction the request must leave transactionId out.");
    }

    [Fact]
    public async Task TC_E_38_CSMS_A_local_start_with_an_EV_not_ready_to_charge_stays_open_as_suspended()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.EvConnectedPreSessionAsync();
        await station.AuthorizedAsync(token);

        await station.EventAsync("Updated", "ChargingStateChanged", chargingState: "SuspendedEV");

        await StationRecords.AssertOngoingAsync(Host, station);
        var transaction = await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!);
        Assert.Equal("SuspendedEV", transaction.GetProperty("station").GetProperty("chargingState").GetString());
    }

    [Fact]
    public async Task TC_E_39_CSMS_An_authorized_transaction_whose_EV_never_connects_ends_on_timeout()
    {
        var token = await Operator.IdTagAsync();
        var station = await BootedStationAsync();
        await station.AuthorizedAsync(token);

        await station.EventAsync("Ended", "EVConnectTimeout", stoppedReason: "Timeout");

        await StationRecords.AssertEndedAsync(Host, station, "Timeout");
    }

    [Fact]
    public async Task TC_E_53_CSMS_Each_transaction_starts_its_sequence_numbers_at_zero_again()
    {
        var (station, token) = await ChargingStationAsync();
        await station.StopAuthorizedAsync(token);
        await station.EvConnectedPostSessionAsync();
        await station.EvDisconnectedAsync();
        var first = station.TransactionId;

        await station.AuthorizedAsync(token);
        await station.EnergyTransferStartedAsync();
        await station.StopAuthorizedAsync(token);
        await station.EvConnectedPostSessionAsync();
        await station.EvDisconnectedAsync();

        Assert.NotEqual(first, station.TransactionId);
        await StationRecords.AssertEndedAsync(Host, station, "EVDisconnected");
        var firstTransaction = await StationRecords.TransactionAsync(Host, station.Id, first!);
        Assert.NotEqual(firstTransaction.GetProperty("id").GetInt32(), (await StationRecords.TransactionAsync(Host, station.Id, station.TransactionId!)).GetProperty("id").GetInt32());
    }


}
