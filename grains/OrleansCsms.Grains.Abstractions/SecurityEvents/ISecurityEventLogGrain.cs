using Orleans.Concurrency;

namespace OrleansCsms.Grains;

/// <summary>
/// The security events one charge point reported (SecurityEventNotification; key: the charge point's identity), the
/// most recent first, bounded so that a charge point that floods them cannot grow its record without end.
/// </summary>
[Alias("csms.ISecurityEventLogGrain")]
public interface ISecurityEventLogGrain : IGrainWithStringKey
{
    /// <summary>Records an event; returns once it is stored, so the notification is acknowledged only then.</summary>
    Task RecordAsync(SecurityEventReport report);

    /// <summary>Returns a page of the events, newest first, optionally only those of one type.</summary>
    [AlwaysInterleave]
    Task<SecurityEventPage> ListAsync(string? type, int page, int pageSize);

    /// <summary>The charge point was deleted: its events go with it.</summary>
    [OneWay]
    Task ForgetAsync();
}
