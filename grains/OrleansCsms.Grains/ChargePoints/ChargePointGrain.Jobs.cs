namespace OrleansCsms.Grains;

/// <summary>
/// The maintenance jobs of a charge point: which one of each kind is the latest, for the status notifications that
/// name no request, and the last status of each kind of notification.
/// </summary>
public sealed partial class ChargePointGrain
{
    public async Task<JobTracking> TrackJobAsync(string kind, int jobId)
    {
        if (!State.Registered)
        {
            return new JobTracking(CallOutcome.UnknownChargePoint);
        }

        if (Socket() is null)
        {
            return new JobTracking(CallOutcome.NotConnected);
        }

        int? previous = State.LatestJobs.TryGetValue(kind, out var latest) ? latest : null;
        State.LatestJobs[kind] = jobId;
        await WriteAsync();
        return new JobTracking(CallOutcome.Completed, previous);
    }

    public async Task UntrackJobAsync(string kind, int jobId, int? previousJobId)
    {
        if (!State.Registered || !State.LatestJobs.TryGetValue(kind, out var latest) || latest != jobId)
        {
            return;
        }

        if (previousJobId is { } previous)
        {
            State.LatestJobs[kind] = previous;
        }
        else
        {
            State.LatestJobs.Remove(kind);
        }

        await WriteAsync();
    }

    public async Task<int?> RecordJobStatusAsync(string kind, string status)
    {
        switch (kind)
        {
            case MaintenanceJobKinds.GetDiagnostics:
                State.DiagnosticsStatus = status;
                State.DiagnosticsStatusAt = Now;
                break;
            case MaintenanceJobKinds.GetLog:
                State.LogStatus = status;
                State.LogStatusAt = Now;
                break;
            case MaintenanceJobKinds.PublishFirmware:
                State.PublishFirmwareStatus = status;
                State.PublishFirmwareStatusAt = Now;
                break;
            default:
                // Signed or not, it is the charge point's firmware status.
                State.FirmwareStatus = status;
                State.FirmwareStatusAt = Now;
                break;
        }

        await WriteAsync();
        return State.LatestJobs.TryGetValue(kind, out var jobId) ? jobId : null;
    }
}
