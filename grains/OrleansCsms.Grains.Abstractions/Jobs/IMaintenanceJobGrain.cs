namespace OrleansCsms.Grains;

/// <summary>
/// One maintenance job on a charge point (key: the job id): an UpdateFirmware, GetDiagnostics, GetLog,
/// SignedUpdateFirmware, PublishFirmware or UnpublishFirmware sent to it, its answer and the status notifications that followed.
/// </summary>
[Alias("csms.IMaintenanceJobGrain")]
public interface IMaintenanceJobGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Records the job, makes it its charge point's latest of its kind and sends the request (GetLog and
    /// SignedUpdateFirmware carry the job id as their requestId). Nothing is stored when the charge point is unknown or
    /// not connected; otherwise the job is stored whatever the charge point answers.
    /// </summary>
    /// <remarks>Waits as long as the charge point may take, like <see cref="IChargePointGrain.CommandAsync"/>.</remarks>
    [ResponseTimeout("00:11:00")]
    Task<MaintenanceJobOutcome> StartAsync(MaintenanceJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns the job, or null when there is none.</summary>
    Task<MaintenanceJobState?> GetAsync();

    /// <summary>
    /// Adds a status notification of <paramref name="kind"/> from <paramref name="chargePointId"/> to the job's history;
    /// false (nothing recorded) when the job is another charge point's or kind's, or finished. A PublishFirmware job
    /// also keeps the <paramref name="locations"/> its local controller serves the firmware at.
    /// </summary>
    Task<bool> RecordStatusAsync(string chargePointId, string kind, string status, IReadOnlyList<string>? locations = null);

    /// <summary>Records the file the charge point uploaded to the job's upload URL; false when the job takes no upload.</summary>
    Task<bool> RecordUploadAsync(JobFile file);

    /// <summary>Ends a job still open because a newer one of its kind replaced it on the charge point.</summary>
    Task CloseAsync(string closedAs);
}
