using System.Globalization;
using System.Text.Json;

namespace OrleansCsms.Tests.Conformance.V16;

/// <summary>
/// The compliance tool's side of a test case, played by a test charge point with two connectors: the reusable states
/// of the OCTT document (§3.22: Booted, Authorized, Charging) and the messages of the scenarios, each asserting the
/// answer the tool requires of the CSMS.
/// </summary>
internal static class OcttChargePoint
{
    /// <summary>The connector the tool is configured to use.</summary>
    public const int Connector = 1;

    /// <summary>The other connector of the tool's charge point.</summary>
    public const int OtherConnector = 2;

    /// <summary>Reusable state Booted: BootNotification answered Accepted, then Available for connector 0 and each connector.</summary>
    public static async Task BootAsync(TestChargePoint chargePoint, string connectorStatus = "Available")
    {
        var boot = await chargePoint.CallAsync("BootNotification", V16Messages.BootNotification());

        AssertField(boot, "status", "Accepted", $"BootNotification of {chargePoint.Id}");
        Assert.True(boot.TryGetProperty("interval", out var interval) && interval.GetInt32() > 0,
            $"Expected the BootNotification answer to {chargePoint.Id} to carry a heartbeat interval above 0, but it was {boot}.");
        AssertCurrentTime(boot, $"BootNotification of {chargePoint.Id}");
        await StatusAsync(chargePoint, 0, "Available");
        await StatusAsync(chargePoint, Connector, connectorStatus);
        await StatusAsync(chargePoint, OtherConnector, "Available");
    }

    /// <summary>Reusable state Authorized: Authorize with a valid id tag, answered Accepted.</summary>
    public static Task AuthorizeAsync(TestChargePoint chargePoint, string idTag) => AuthorizeAsync(chargePoint, idTag, "Accepted");

    /// <summary>Authorize, whose idTagInfo.status must be <paramref name="expected"/>.</summary>
    public static async Task AuthorizeAsync(TestChargePoint chargePoint, string idTag, string expected)
    {
        var answer = await chargePoint.CallAsync("Authorize", V16Messages.Authorize(idTag));
        AssertIdTagStatus(answer, expected, $"Authorize of id tag {idTag}");
    }

    /// <summary>Reusable state Charging, after Authorized: Preparing, StartTransaction answered Accepted, then Charging.</summary>
    public static async Task<int> StartChargingAsync(TestChargePoint chargePoint, string idTag)
    {
        await StatusAsync(chargePoint, Connector, "Preparing");
        var transactionId = await StartTransactionAsync(chargePoint, idTag, "Accepted");
        await StatusAsync(chargePoint, Connector, "Charging");
        return transactionId;
    }

    /// <summary>Authorized, then Charging.</summary>
    public static async Task<int> ChargingAsync(TestChargePoint chargePoint, string idTag)
    {
        await AuthorizeAsync(chargePoint, idTag);
        return await StartChargingAsync(chargePoint, idTag);
    }

    /// <summary>StatusNotification, which the CSMS must acknowledge.</summary>
    public static async Task StatusAsync(TestChargePoint chargePoint, int connectorId, string status, string errorCode = "NoError")
    {
        var answer = await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(connectorId, status, errorCode));
        Assert.True(answer.ValueKind == JsonValueKind.Object,
            $"Expected StatusNotification {status} of connector {connectorId} of {chargePoint.Id} to be acknowledged, but the answer was {answer}.");
    }

    /// <summary>
    /// StartTransaction on the configured connector, whose idTagInfo.status must be <paramref name="expected"/>; the
    /// CSMS must give a transactionId whatever the status. Returns it.
    /// </summary>
    public static async Task<int> StartTransactionAsync(TestChargePoint chargePoint, string idTag, string expected, DateTimeOffset? timestamp = null)
    {
        var answer = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(idTag, meterStart: 1_000, timestamp ?? DateTimeOffset.UtcNow, Connector));
        AssertIdTagStatus(answer, expected, $"StartTransaction of id tag {idTag}");
        Assert.True(answer.TryGetProperty("transactionId", out var id) && id.GetInt32() > 0,
            $"Expected the StartTransaction answer for id tag {idTag} to carry a transactionId above 0, but it was {answer}.");
        return id.GetInt32();
    }

    /// <summary>StopTransaction with a reason, which the CSMS must acknowledge.</summary>
    public static async Task StopTransactionAsync(TestChargePoint chargePoint, int transactionId, string idTag, string reason, DateTimeOffset? timestamp = null)
    {
        var answer = await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 4_000, timestamp ?? DateTimeOffset.UtcNow, idTag, reason));
        Assert.True(answer.ValueKind == JsonValueKind.Object,
            $"Expected StopTransaction {transactionId} (reason {reason}) to be acknowledged, but the answer was {answer}.");
    }

    /// <summary>The one request of <paramref name="action"/> the CSMS sent to the charge point, which the tool waits for.</summary>
    public static JsonElement SentRequest(TestChargePoint chargePoint, string action)
    {
        var calls = chargePoint.ServerCalls.Where(c => c.Action == action).ToList();
        Assert.True(calls.Count == 1,
            $"Expected the CSMS to send exactly one {action}.req to {chargePoint.Id}, but it sent {calls.Count}; all its requests: [{string.Join(", ", chargePoint.ServerCalls.Select(c => c.Action))}].");
        return calls[0].Payload;
    }

    /// <summary>Asserts a string field of a message.</summary>
    public static void AssertField(JsonElement message, string field, string expected, string what)
    {
        var actual = message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        Assert.True(actual == expected, $"Expected {field} of {what} to be {expected}, but the message was {message}.");
    }

    /// <summary>Asserts an integer field of a message.</summary>
    public static void AssertField(JsonElement message, string field, int expected, string what)
    {
        var actual = message.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : (int?)null;
        Assert.True(actual == expected, $"Expected {field} of {what} to be {expected}, but the message was {message}.");
    }

    /// <summary>Asserts idTagInfo.status of an answer.</summary>
    public static void AssertIdTagStatus(JsonElement answer, string expected, string what)
    {
        var actual = answer.TryGetProperty("idTagInfo", out var info) && info.TryGetProperty("status", out var status) ? status.GetString() : null;
        Assert.True(actual == expected, $"Expected idTagInfo.status of the answer to {what} to be {expected}, but the answer was {answer}.");
    }

    /// <summary>Asserts that an answer carries currentTime, the CSMS's clock, close to the test's.</summary>
    public static void AssertCurrentTime(JsonElement answer, string what)
    {
        Assert.True(
            answer.TryGetProperty("currentTime", out var value)
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var currentTime)
                && (currentTime - DateTimeOffset.UtcNow).Duration() < TimeSpan.FromMinutes(1),
            $"Expected the answer to {what} to carry currentTime, the CSMS's clock within a minute of now, but it was {answer}.");
    }
}
