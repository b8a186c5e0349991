namespace OrleansCsms.Grains;

/// <summary>
/// The OCPP 2.0.1 idToken types, and how a token presented as one finds its id tag: id tags are known by their value
/// (OCPP 1.6 knows no types), and one given a type is known only as that type, or as Central.
/// </summary>
public static class IdTokenTypes
{
    /// <summary>A token the CSMS issued or names itself: what RequestStartTransaction and ReserveNow send an id tag as.</summary>
    public const string Central = "Central";

    /// <summary>The types an operator may give an id tag; Central and NoAuthorization describe how a token came, not a credential.</summary>
    public static readonly IReadOnlyList<string> Credentials = ["eMAID", "ISO14443", "ISO15693", "KeyCode", "Local", "MacAddress"];

    /// <summary>
    /// Whether a tag of <paramref name="tagType"/> (null: any) may be presented as <paramref name="presentedType"/>
    /// (null: by a 1.6 charge point, which says no type). Central always may: the CSMS sends every tag so.
    /// </summary>
    public static bool IsPresentableAs(string? tagType, string? presentedType) =>
        tagType is null || presentedType is null || presentedType == Central || string.Equals(tagType, presentedType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The type a tag is named with to an OCPP 2.0.1 station (local list entries): its own, or Central.</summary>
    public static string Of(string? tagType) => tagType ?? Central;
}
