namespace OrleansCsms.Grains;

/// <summary>Where the charge point stands, for the map and its public page.</summary>
public partial interface IChargePointGrain
{
    /// <summary>Sets the charge point's position and address (null removes both); false when it is not registered.</summary>
    Task<bool> SetLocationAsync(ChargePointLocation? location);
}
