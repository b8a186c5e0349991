using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace OrleansCsms.Frontend.Files;

/// <summary>
/// The file in an upload request, sent the ways charge points and operators' tools send one: the raw body (PUT or
/// POST, the name from the URL, a Content-Disposition header or <c>?fileName=</c>), or multipart/form-data (the first
/// part that names a file or has a content type other than text/plain; plain form fields are skipped).
/// </summary>
public sealed record IncomingFile(Stream Content, string? FileName, string ContentType)
{
    // Room for a multipart body's boundaries and part headers beyond the file itself.
    private const long MultipartOverhead = 64 * 1024;

    /// <summary>
    /// Reads up to the file's content; null with a reason when the body holds no file. The request's own size limit is
    /// set to <paramref name="maxBytes"/> (plus a multipart body's framing), which the caller checks again while copying.
    /// </summary>
    public static async Task<(IncomingFile? File, string? Problem)> ReadAsync(HttpRequest request, string? nameFromUrl, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var multipart = IsMultipart(request, out var mediaType);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = BodyLimit(request, maxBytes);
        }

        if (!multipart)
        {
            var disposition = ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var header) ? FileNameOf(header) : null;
            var query = request.Query["fileName"].ToString();
            return (new IncomingFile(request.Body, Clean(nameFromUrl) ?? Clean(disposition) ?? Clean(query), request.ContentType ?? "application/octet-stream"), null);
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType!.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, "A multipart/form-data body needs a boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            var name = section.GetContentDispositionHeader() is { } disposition ? FileNameOf(disposition) : null;
            var type = section.ContentType;
            if (name is not null || (type is not null && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)))
            {
                return (new IncomingFile(section.Body, Clean(name) ?? Clean(nameFromUrl), type ?? "application/octet-stream"), null);
            }
        }

        return (null, "The multipart/form-data body has no file part: none names a file name or carries a content type other than text/plain.");
    }

    /// <summary>The most bytes a request body carrying a file of <paramref name="maxBytes"/> may hold.</summary>
    public static long BodyLimit(HttpRequest request, long maxBytes) => IsMultipart(request, out _) ? maxBytes + MultipartOverhead : maxBytes;

    private static bool IsMultipart(HttpRequest request, out MediaTypeHeaderValue? mediaType) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out mediaType)
        && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A file name safe to keep and to put in a URL or a Content-Disposition: the last path segment, letters, digits,
    /// '.', '-' and '_' only (others become '_'), at most 100 characters; null when nothing is left.
    /// </summary>
    public static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        var safe = new string([.. last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).Trim('.');
        return safe.Length == 0 ? null : safe[..Math.Min(safe.Length, 100)];
    }

    private static string? FileNameOf(ContentDispositionHeaderValue header) =>
        HeaderUtilities.RemoveQuotes(header.FileNameStar).Value is { Length: > 0 } star ? star
        : HeaderUtilities.RemoveQuotes(header.FileName).Value is { Length: > 0 } plain ? plain
        : null;
}
