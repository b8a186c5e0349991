namespace OrleansCsms.Hosting.Clustering;

/// <summary>Times as the timestamptz columns take them.</summary>
internal static class Timestamps
{
    /// <summary>
    /// Npgsql writes timestamptz only from UTC values; Orleans stamps times with <see cref="DateTime.UtcNow"/>, but an
    /// entry that crossed the wire or was built by hand may say Unspecified, which here means UTC as well.
    /// </summary>
    public static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
