using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Frontend.Overview;

/// <summary>
/// What the console's data and the public charge point pages are shaped by, bound from the "Console" configuration
/// section: the day the overview counts energy in, the live series, and what the public page tells a driver.
/// </summary>
public sealed class ConsoleDataOptions : IValidatableObject
{
    public const string Section = "Console";

    /// <summary>The time zone whose midnight starts "today" for the overview's energy (IANA or Windows id); UTC by default.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Seconds between two samples of the live series.</summary>
    [Range(1, 300)]
    public int SampleSeconds { get; set; } = 5;

    /// <summary>How many minutes of samples the live series keeps.</summary>
    [Range(1, 1_440)]
    public int SeriesMinutes { get; set; } = 15;

    /// <summary>The operator's name, shown on the public charge point pages.</summary>
    [StringLength(200)]
    public string OperatorName { get; set; } = "OrleansCsms";

    /// <summary>How a driver starts charging, shown on the public charge point pages (plain text; line breaks kept).</summary>
    [StringLength(4_000)]
    public string StartInstructions { get; set; } =
        "Plug in your vehicle, then hold your charging card to the reader. Charging starts once the card is accepted.";

    /// <summary>
    /// The absolute URL the public pages are reached at (e.g. https://charge.example.com), which their QR codes encode;
    /// by default the scheme and host of the request for the code.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The time zone <see cref="TimeZone"/> names.</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is no time zone this machine knows (e.g. UTC, Europe/Berlin).", [nameof(TimeZone)]);
        }

        if (PublicBaseUrl is not null
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            yield return new ValidationResult("Must be an absolute http or https URL without query or fragment.", [nameof(PublicBaseUrl)]);
        }
    }
}
