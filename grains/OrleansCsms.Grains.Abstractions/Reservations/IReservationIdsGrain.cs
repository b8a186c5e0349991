namespace OrleansCsms.Grains;

/// <summary>
/// Issues reservation ids (OCPP 1.6 integers) from a stored counter; never the same id twice, across restarts and
/// failovers, since every id is written before it is given out.
/// </summary>
[Alias("csms.IReservationIdsGrain")]
public interface IReservationIdsGrain : IGrainWithStringKey
{
    /// <summary>The key of the cluster's one counter.</summary>
    public const string Key = "ocpp16";

    /// <summary>Returns the next reservation id.</summary>
    Task<int> NextAsync();
}
