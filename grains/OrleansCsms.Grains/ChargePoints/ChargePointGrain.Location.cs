namespace OrleansCsms.Grains;

/// <summary>Where the charge point stands.</summary>
public sealed partial class ChargePointGrain
{
    public async Task<bool> SetLocationAsync(ChargePointLocation? location)
    {
        if (!State.Registered)
        {
            return false;
        }

        ApplyLocation(location);
        await WriteAsync();
        return true;
    }

    /// <summary>Replaces position and address together, so a location set without an address loses the old one.</summary>
    private void ApplyLocation(ChargePointLocation? location)
    {
        State.Position = location?.Position;
        State.Address = location?.Address;
    }
}
