using System.Globalization;

namespace OrleansCsms.Frontend.Console;

/// <summary>How the console writes times, energy and statuses.</summary>
public static class ConsoleFormat
{
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>The time as the machine-readable value of a &lt;time&gt; element, which the script turns into "12 s ago".</summary>
    public static string IsoTime(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "";

    public static string Energy(long? wh) => wh switch
    {
        null => "—",
        >= 10_000 => (wh.Value / 1000d).ToString("0.0", CultureInfo.InvariantCulture) + " kWh",
        _ => wh.Value.ToString("#,0", CultureInfo.InvariantCulture) + " Wh",
    };

    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>The badge class of a connector or charge point status (OCPP 1.6 and 2.0.1 names).</summary>
    public static string StatusClass(string? status) => status switch
    {
        "Available" => "status-available",
        "Charging" or "Occupied" or "Preparing" or "Finishing" or "SuspendedEV" or "SuspendedEVSE" => "status-busy",
        "Reserved" => "status-reserved",
        "Faulted" => "status-faulted",
        "Unavailable" => "status-unavailable",
        _ => "status-unknown",
    };

    /// <summary>The statuses an operator filters by.</summary>
    public static IReadOnlyList<string> Statuses { get; } =
        ["Available", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Reserved", "Occupied", "Unavailable", "Faulted"];
}
