using System.Text.Json;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Frontend.Ocpp.V201;

/// <summary>What a local controller tells of the firmware it publishes (OCPP 2.0.1 block L, L03).</summary>
internal static class V201FirmwareNotifications
{
    /// <summary>
    /// Records a PublishFirmwareStatusNotification on the controller and on the PublishFirmware job it reports on, with
    /// the locations it serves the firmware at once Published.
    /// </summary>
    public static async Task<JsonElement> PublishStatusAsync(ChargePointLink link, IGrainFactory grains, PublishFirmwareStatusNotificationRequest request)
    {
        await JobStatusNotifications.RecordAsync(
            link, grains, "PublishFirmwareStatusNotification", OcppWireNames.Of(request.Status), request.RequestId, request.Location);
        return V201Json.ToPayload(new PublishFirmwareStatusNotificationConfirmation());
    }
}
