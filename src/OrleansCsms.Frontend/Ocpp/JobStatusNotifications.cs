using Domain = OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>Firmware, diagnostics and log status notifications, whichever OCPP version reports them.</summary>
internal static class JobStatusNotifications
{
    /// <summary>
    /// Records the status as the charge point's last one of its kind, then on the job it reports on: the one its
    /// requestId names, or else the charge point's latest of that kind. One that belongs to no job (an Idle after a
    /// TriggerMessage, an update the charge point started itself) is recorded on the charge point alone.
    /// </summary>
    public static async Task RecordAsync(
        ChargePointLink link, IGrainFactory grains, string action, string status, int? requestId, IReadOnlyList<string>? locations = null)
    {
        var kind = Domain.MaintenanceJobKinds.OfNotification(action)!;
        var latest = await link.Grain.RecordJobStatusAsync(kind, status);
        if ((requestId ?? latest) is int jobId)
        {
            await grains.GetGrain<Domain.IMaintenanceJobGrain>(jobId).RecordStatusAsync(link.Id, kind, status, locations);
        }
    }
}
