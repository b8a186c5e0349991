using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace OrleansCsms.Frontend.Files;

/// <summary>The URLs the CSMS gives charge points to download firmware from and upload files to; they carry no credentials.</summary>
public static class PublicLinks
{
    /// <summary>The configured public base URL, or else the scheme, host and path base of the operator's request.</summary>
    public static string BaseOf(HttpRequest request, FilesOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        return (options.PublicBaseUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}").TrimEnd('/');
    }

    public static string Firmware(string baseUrl, string fileId, string fileName) => $"{baseUrl}/files/firmware/{fileId}/{Uri.EscapeDataString(fileName)}";

    /// <summary>A job's upload URL; it ends in '/' since OCPP calls it a directory, and a charge point may add its file's name.</summary>
    public static string Upload(string baseUrl, int jobId, string secret) =>
        $"{baseUrl}/files/uploads/{jobId.ToString(CultureInfo.InvariantCulture)}/{secret}/";
}
