namespace OrleansCsms.Grains;

/// <summary>
/// Issues the remoteStartIds of OCPP 2.0.1 remote starts from a stored counter, so that the transaction a station starts
/// for one names it, never another.
/// </summary>
[Alias("csms.IRemoteStartIdsGrain")]
public interface IRemoteStartIdsGrain : IGrainWithStringKey
{
    /// <summary>The key of the cluster's one counter.</summary>
    public const string Key = "ocpp201";

    /// <summary>Returns the next remoteStartId.</summary>
    Task<int> NextAsync();
}
