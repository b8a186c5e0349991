namespace OrleansCsms.Grains;

/// <summary>
/// Issues maintenance job ids from a stored counter; each is also the requestId of a GetLog or SignedUpdateFirmware
/// (an OCPP integer), so never the same id twice, across restarts and failovers.
/// </summary>
[Alias("csms.IMaintenanceJobIdsGrain")]
public interface IMaintenanceJobIdsGrain : IGrainWithStringKey
{
    /// <summary>The key of the cluster's one counter.</summary>
    public const string Key = "ocpp16";

    /// <summary>Returns the next job id.</summary>
    Task<int> NextAsync();
}
