using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Frontend.Console;

/// <summary>Settings of the operator console (section Console).</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>
    /// Map tiles to draw under the map's markers, as a URL template with {z}, {x} and {y} (Web Mercator, 256-pixel
    /// tiles), e.g. https://tiles.example/{z}/{x}/{y}.png; without one the map is a plain projection.
    /// </summary>
    [RegularExpression(@"^(https?://|/).*\{z\}.*\{x\}.*\{y\}.*$", ErrorMessage = "Console:MapTilesUrl must be an http(s) URL or a path with {z}, {x} and {y}.")]
    public string? MapTilesUrl { get; set; }

    /// <summary>Where the cluster page links the Orleans dashboard; defaults to /dashboard when Dashboard:Enabled is true.</summary>
    public string? DashboardUrl { get; set; }

    /// <summary>Rows per page of the console's lists.</summary>
    [Range(5, 500)]
    public int PageSize { get; set; } = 25;
}
