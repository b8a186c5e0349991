using System.ComponentModel.DataAnnotations;

namespace OrleansCsms.Frontend.Files;

/// <summary>Settings of the files the CSMS serves to and takes from charge points, bound from the "Files" configuration section.</summary>
public sealed class FilesOptions
{
    /// <summary>
    /// Where firmware files and charge points' uploads are kept (relative to the host's content root). In a cluster every
    /// front-end must see the same directory: a shared volume.
    /// </summary>
    [Required]
    public string Directory { get; set; } = "data/files";

    /// <summary>Largest firmware file an operator may upload, in bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxFirmwareBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Largest diagnostics or log file a charge point may upload, in bytes; a bigger one gets 413 and nothing is kept.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// The scheme, host and path prefix of the links given to charge points (e.g. https://csms.example.com); when
    /// unset, the scheme and host of the operator's request that starts the job.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }
}
