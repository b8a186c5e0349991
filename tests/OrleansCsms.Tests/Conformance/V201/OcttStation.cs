using System.Text.Json;

namespace OrleansCsms.Tests.Conformance.V201;

/// <summary>
/// The compliance tool's side of an OCPP 2.0.1 test case, played by a test charging station with one EVSE and
/// connector: the reusable states of the test case document (Booted, Authorized, EVConnectedPreSession,
/// EnergyTransferStarted, StopAuthorized, EVConnectedPostSession, EVDisconnected) and the messages of the scenarios,
/// each asserting what the tool requires of the CSMS. It numbers its transaction's events as a station does.
/// </summary>
internal sealed class OcttStation(TestChargePoint station)
{
    /// <summary>The EVSE and connector the tool is configured to use.</summary>
    public const int Evse = 1;

    public const int Connector = 1;

    private double _energyWh = 1_000;
    private bool _open;

    public TestChargePoint Socket => station;

    public string Id => station.Id;

    /// <summary>The station's id of its current (or last) transaction, once one started.</summary>
    public string? TransactionId { get; private set; }

    /// <summary>The seqNo the next TransactionEvent of the current transaction carries.</summary>
    public int NextSeqNo { get; set; }

    /// <summary>Reusable state Booted: BootNotification answered Accepted, then Available (StatusNotification and NotifyEvent) for the connector.</summary>
    public async Task BootAsync()
    {
        var boot = await station.CallAsync("BootNotification", V201Messages.BootNotification());
        AssertField(boot, "status", "Accepted", $"BootNotification of {Id}");
        Assert.True(boot.GetProperty("interval").GetInt32() > 0, $"Expected the BootNotification answer to {Id} to carry an interval above 0, but it was {boot}.");
        await ConnectorStatusAsync("Available");
    }

    /// <summary>StatusNotification and the NotifyEvent of the connector's AvailabilityState, both acknowledged.</summary>
    public async Task ConnectorStatusAsync(string status)
    {
        await AcknowledgedAsync("StatusNotification", V201Messages.StatusNotification(Evse, status, Connector));
        await AcknowledgedAsync("NotifyEvent", new
        {
            generatedAt = V201Messages.Timestamp(DateTimeOffset.UtcNow),
            seqNo = 0,
            eventData = new[]
            {
                new
                {
                    eventId = Random.Shared.Next(1, int.MaxValue),
                    timestamp = V201Messages.Timestamp(DateTimeOffset.UtcNow),
                    trigger = "Delta",
                    actualValue = status,
                    component = new { name = "Connector", evse = new { id = Evse, connectorId = Connector } },
                    variable = new { name = "AvailabilityState" },
                    eventNotificationType = "HardWiredNotification",
                },
            },
        });
    }

    /// <summary>Authorize with <paramref name="token"/>, whose idTokenInfo.status must be <paramref name="expected"/>.</summary>
    public async Task AuthorizeAsync(string token, string expected = "Accepted", string type = "ISO14443")
    {
        var answer = await station.CallAsync("Authorize", V201Messages.Authorize(token, type));
        AssertField(answer.GetProperty("idTokenInfo"), "status", expected, $"Authorize of {token}");
    }

    /// <summary>
    /// Reusable state Authorized: Authorize Accepted, then a TransactionEvent with triggerReason Authorized and the token:
    /// Updated when the cable was plugged in first (a transaction is open), else Started.
    /// </summary>
    public async Task AuthorizedAsync(string token)
    {
        await AuthorizeAsync(token);
        var eventType = _open ? "Updated" : "Started";
        await EventAsync(eventType, "Authorized", idToken: token, expectedTokenStatus: "Accepted");
    }

    /// <summary>Reusable state EVConnectedPreSession: the cable first, Occupied, then Started with CablePluggedIn.</summary>
    public async Task EvConnectedPreSessionAsync()
    {
        await ConnectorStatusAsync("Occupied");
        await EventAsync("Started", "CablePluggedIn", chargingState: "EVConnected");
    }

    /// <summary>Reusable state EnergyTransferStarted, after Authorized: the cable (unless in already), then Charging.</summary>
    public async Task EnergyTransferStartedAsync(bool cablePluggedIn = false)
    {
        if (!cablePluggedIn)
        {
            await ConnectorStatusAsync("Occupied");
            await EventAsync("Updated", "CablePluggedIn", chargingState: "EVConnected");
        }

        await EventAsync("Updated", "ChargingStateChanged", chargingState: "Charging");
    }

    /// <summary>Reusable state StopAuthorized: Updated with triggerReason StopAuthorized and the token, Accepted if answered.</summary>
    public Task StopAuthorizedAsync(string token) => EventAsync("Updated", "StopAuthorized", idToken: token, expectedTokenStatus: "Accepted");

    /// <summary>Reusable state EVConnectedPostSession: energy transfer stopped, the cable still in.</summary>
    public Task EvConnectedPostSessionAsync() => EventAsync("Updated", "ChargingStateChanged", chargingState: "EVConnected");

    /// <summary>Reusable state EVDisconnected: Available, then Ended with EVCommunicationLost and stoppedReason EVDisconnected.</summary>
    public async Task EvDisconnectedAsync()
    {
        await ConnectorStatusAsync("Available");
        await EventAsync("Ended", "EVCommunicationLost", chargingState: "Idle", stoppedReason: "EVDisconnected");
    }

    /// <summary>
    /// A TransactionEvent of the current transaction (a Started begins a new one), with an energy reading that grows
    /// by 500 Wh per event; the CSMS must answer it, and with idTokenInfo.status <paramref name="expectedTokenStatus"/> when given.
    /// </summary>
    public async Task<JsonElement> EventAsync(
        string eventType,
        string triggerReason,
        string? idToken = null,
        string? chargingState = null,
        string? stoppedReason = null,
        string? expectedTokenStatus = null,
        int? remoteStartId = null,
        bool? offline = null,
        string idTokenType = "ISO14443",
        DateTimeOffset? timestamp = null)
    {
        if (eventType == "Started")
        {
            TransactionId = Guid.NewGuid().ToString();
            NextSeqNo = 0;
            _open = true;
        }

        _open &= eventType != "Ended";

        Assert.True(TransactionId is not null, $"The test case sends {eventType} before any transaction of {Id} started.");
        _energyWh += 500;
        var answer = await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            eventType, TransactionId, NextSeqNo++, timestamp ?? DateTimeOffset.UtcNow, triggerReason, energyWh: _energyWh, idToken: idToken, evseId: Evse,
            chargingState: chargingState, stoppedReason: stoppedReason, offline: offline, remoteStartId: remoteStartId, idTokenType: idTokenType));
        Assert.True(answer.ValueKind == JsonValueKind.Object, $"Expected TransactionEvent {eventType}/{triggerReason} of {Id} to be answered, but the answer was {answer}.");
        if (expectedTokenStatus is not null && answer.TryGetProperty("idTokenInfo", out var info))
        {
            AssertField(info, "status", expectedTokenStatus, $"TransactionEvent {eventType}/{triggerReason} with token {idToken}");
        }

        return answer;
    }

    /// <summary>A call the CSMS must acknowledge with a valid, empty-or-not answer (never a CALLERROR).</summary>
    public async Task<JsonElement> AcknowledgedAsync(string action, object payload)
    {
        var answer = await station.CallAsync(action, payload);
        Assert.True(answer.ValueKind == JsonValueKind.Object, $"Expected {action} of {Id} to be acknowledged, but the answer was {answer}.");
        return answer;
    }

    public static void AssertField(JsonElement answer, string field, string expected, string what) =>
        Assert.True(
            answer.TryGetProperty(field, out var value) && value.GetString() == expected,
            $"Expected the answer to {what} to have {field} {expected}, but it was {answer}.");
}
