using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Where a charge point stands: latitude and longitude in decimal degrees (WGS 84, both or neither) and an address in free text.</summary>
public sealed record SetChargePointLocationRequest(double? Latitude, double? Longitude, string? Address);

/// <summary>A position in decimal degrees (WGS 84).</summary>
public sealed record PositionResponse(double Latitude, double Longitude);

/// <summary>A charge point on the map: who it is, whether it is online, its last status (connector 0) and where it stands.</summary>
public sealed record LocatedChargePointResponse(string Id, string? Description, string? Status, bool Connected, PositionResponse Position, string? Address);

/// <summary>Every registered charge point that has a position.</summary>
public sealed record ChargePointLocationsResponse(int Count, IReadOnlyList<LocatedChargePointResponse> Items);

/// <summary>Checks a location as the API takes it, at registration and on its own.</summary>
public static class ChargePointLocationRules
{
    /// <summary>
    /// Checks latitude (−90..90) and longitude (−180..180), given both or neither, and the address's length; returns the
    /// location, or null when nothing was given (or something is wrong, which <paramref name="errors"/> then says).
    /// </summary>
    public static ChargePointLocation? Location(this ValidationErrors errors, double? latitude, double? longitude, string? address)
    {
        errors.Check(latitude is null || (double.IsFinite(latitude.Value) && Math.Abs(latitude.Value) <= GeoPosition.MaxLatitude), "latitude", "Must be between -90 and 90.");
        errors.Check(longitude is null || (double.IsFinite(longitude.Value) && Math.Abs(longitude.Value) <= GeoPosition.MaxLongitude), "longitude", "Must be between -180 and 180.");
        if (latitude is null != longitude is null)
        {
            errors.Add(latitude is null ? "latitude" : "longitude", "Latitude and longitude go together: give both or neither.");
        }

        errors.Length("address", address, 1, ChargePointRules.MaxTextLength, required: false);
        if (!errors.IsValid || (latitude is null && address is null))
        {
            return null;
        }

        return new ChargePointLocation(latitude is { } lat && longitude is { } lon ? new GeoPosition(lat, lon) : null, address);
    }

    public static PositionResponse? ToResponse(this GeoPosition? position) =>
        position is null ? null : new PositionResponse(position.Latitude, position.Longitude);

    public static LocatedChargePointResponse ToResponse(this LocatedChargePoint located) =>
        new(located.Id, located.Description, located.Status, located.Connected, located.Position.ToResponse()!, located.Address);
}
