using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansCsms.Ocpp.Tests;

/// <summary>Realistic requests of the charge point initiated Core actions, each call a fresh copy to mutate.</summary>
internal static class CoreSamples
{
    private static readonly Dictionary<string, string> Requests = new()
    {
        ["BootNotification"] = """
            {"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger","chargePointSerialNumber":"CP-000123",
             "chargeBoxSerialNumber":"CB-000123","firmwareVersion":"1.4.2","iccid":"8931440400012345678","imsi":"310150123456789",
             "meterType":"ABB B23","meterSerialNumber":"MTR-98765"}
            """,
        ["Heartbeat"] = "{}",
        ["StatusNotification"] = """
            {"connectorId":1,"errorCode":"NoError","info":"cable locked","status":"SuspendedEVSE",
             "timestamp":"2025-01-15T10:00:00Z","vendorId":"VendorX","vendorErrorCode":"E0"}
            """,
        ["Authorize"] = """{"idTag":"04A2B3C4D5E6F7"}""",
        ["StartTransaction"] = """
            {"connectorId":1,"idTag":"04A2B3C4D5E6F7","meterStart":123456,"reservationId":7,"timestamp":"2025-01-15T10:00:00.123+01:00"}
            """,
        ["MeterValues"] = """
            {"connectorId":1,"transactionId":1001,"meterValue":[
              {"timestamp":"2025-01-15T10:15:00Z","sampledValue":[
                {"value":"123789","context":"Sample.Periodic","format":"Raw","measurand":"Energy.Active.Import.Register","phase":"L1-N","location":"Outlet","unit":"Wh"},
                {"value":"16.2","context":"Sample.Periodic","format":"Raw","measurand":"Current.Import","phase":"L1","location":"Outlet","unit":"A"},
                {"value":"231.4","measurand":"Voltage","phase":"L1-N","unit":"V"},
                {"value":"54","context":"Sample.Clock","measurand":"SoC","location":"EV","unit":"Percent"},
                {"value":"31.5","measurand":"Temperature","location":"Body","unit":"Celsius"}]},
              {"timestamp":"2025-01-15T10:30:00","sampledValue":[{"value":"124900"}]}]}
            """,
        ["StopTransaction"] = """
            {"idTag":"04A2B3C4D5E6F7","meterStop":130000,"timestamp":"2025-01-15T11:00:00Z","transactionId":1001,"reason":"EVDisconnected",
             "transactionData":[
               {"timestamp":"2025-01-15T10:00:00Z","sampledValue":[{"value":"123456","context":"Transaction.Begin","measurand":"Energy.Active.Import.Register","unit":"Wh"}]},
               {"timestamp":"2025-01-15T11:00:00Z","sampledValue":[{"value":"130000","context":"Transaction.End","measurand":"Energy.Active.Import.Register","unit":"Wh"}]}]}
            """,
        ["DataTransfer"] = """{"vendorId":"com.vendorx","messageId":"PlugAndChargeInfo","data":"{\"contract\":\"DE-ABC-123\"}"}""",
        ["DiagnosticsStatusNotification"] = """{"status":"Uploaded"}""",
        ["FirmwareStatusNotification"] = """{"status":"Installed"}""",
    };

    public static IEnumerable<string> Actions => Requests.Keys;

    public static TheoryData<string> ActionData() => new(Requests.Keys);

    public static JsonObject Request(string action) => JsonNode.Parse(Requests[action])!.AsObject();

    public static JsonElement RequestElement(string action) => JsonElement.Parse(Requests[action]);
}
