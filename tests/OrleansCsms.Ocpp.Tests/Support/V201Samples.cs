using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Ocpp.Tests;

/// <summary>Realistic 2.0.1 requests a charging station sends, each call a fresh copy to mutate.</summary>
internal static class V201Samples
{
    private static readonly Dictionary<string, string> Requests = new()
    {
        ["BootNotification"] = """
            {"reason":"PowerUp","chargingStation":{"model":"SingleSocketCharger","vendorName":"VendorX","serialNumber":"CS-000123",
             "firmwareVersion":"2.0.1-r3","modem":{"iccid":"8931440400012345678","imsi":"310150123456789"}}}
            """,
        ["Heartbeat"] = "{}",
        ["StatusNotification"] = """{"timestamp":"2025-01-15T10:00:00Z","connectorStatus":"Occupied","evseId":1,"connectorId":1}""",
        ["Authorize"] = """{"idToken":{"idToken":"04A2B3C4D5E6F7","type":"ISO14443"}}""",
        ["TransactionEvent"] = """
            {"eventType":"Updated","timestamp":"2025-01-15T10:15:00Z","triggerReason":"MeterValuePeriodic","seqNo":3,"offline":true,
             "transactionInfo":{"transactionId":"5c9f3c0e-6f1d-4c1e-9d35-0c1a3e2b7f10","chargingState":"Charging"},
             "evse":{"id":1,"connectorId":1},"idToken":{"idToken":"04A2B3C4D5E6F7","type":"ISO14443"},
             "meterValue":[{"timestamp":"2025-01-15T10:15:00Z","sampledValue":[
               {"value":12345.6,"context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","location":"Outlet","unitOfMeasure":{"unit":"Wh"}},
               {"value":16.2,"measurand":"Current.Import","phase":"L1","unitOfMeasure":{"unit":"A"}},
               {"value":54,"measurand":"SoC","location":"EV","unitOfMeasure":{"unit":"Percent"}}]}]}
            """,
        ["MeterValues"] = """
            {"evseId":1,"meterValue":[{"timestamp":"2025-01-15T10:15:00Z","sampledValue":[{"value":230.1,"measurand":"Voltage","phase":"L1-N"}]}]}
            """,
        ["DataTransfer"] = """{"vendorId":"com.vendorx","messageId":"PlugAndChargeInfo","data":{"contract":"DE-ABC-123","attempts":[1,2]}}""",
        ["NotifyReport"] = """
            {"requestId":7,"generatedAt":"2025-01-15T10:00:00Z","seqNo":0,"tbc":false,"reportData":[
              {"component":{"name":"SecurityCtrlr"},"variable":{"name":"SecurityProfile"},
               "variableAttribute":[{"type":"Actual","value":"1","mutability":"ReadOnly","persistent":true,"constant":false}],
               "variableCharacteristics":{"dataType":"integer","supportsMonitoring":false}}]}
            """,
    };

    public static TheoryData<string> ActionData() => new(Requests.Keys);

    public static JsonObject Request(string action) => JsonNode.Parse(Requests[action])!.AsObject();

    public static JsonElement RequestElement(string action) => JsonElement.Parse(Requests[action]);
}
