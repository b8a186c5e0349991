namespace OrleansCsms.Grains;

/// <summary>A point on the WGS 84 ellipsoid, in decimal degrees.</summary>
[GenerateSerializer]
[Alias("csms.GeoPosition")]
[Immutable]
public sealed record GeoPosition(double Latitude, double Longitude)
{
    public const double MaxLatitude = 90;
    public const double MaxLongitude = 180;

    /// <summary>Whether both coordinates are finite and within their ranges (−90..90, −180..180).</summary>
    public static bool IsValid(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude)
        && Math.Abs(latitude) <= MaxLatitude && Math.Abs(longitude) <= MaxLongitude;
}

/// <summary>Where a charge point stands: a position, a free-text address, or both.</summary>
[GenerateSerializer]
[Alias("csms.ChargePointLocation")]
[Immutable]
public sealed record ChargePointLocation(GeoPosition? Position, string? Address);

/// <summary>A charge point that has a position, as the map shows it: nothing but what a marker needs.</summary>
public sealed record LocatedChargePoint(string Id, string? Description, string? Status, bool Connected, GeoPosition Position, string? Address);
