using System.Globalization;
using Orleans.Storage;

namespace OrleansCsms.Storage;

/// <summary>An etag is the row's version number as text; both engines share the format and the conflict error.</summary>
internal static class GrainEtag
{
    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Returns the version an etag names (null for none); an etag that names no version can match nothing stored.</summary>
    public static long? Parse(GrainStateKey grain, string? etag) =>
        etag is null ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version
        : throw Conflict(grain, etag);

    public static InconsistentStateException Conflict(GrainStateKey grain, string? expectedEtag) =>
        new($"State of grain {grain} is no longer at version {expectedEtag ?? "<none>"}: another writer changed it first.");
}
