using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansCsms.Frontend.Files;

/// <summary>Takes an uploaded file into the store, within a size limit, for the operator's firmware uploads and charge points' uploads alike.</summary>
public static class FileUploads
{
    /// <summary>
    /// Stores the request's file at <paramref name="path"/>; on failure a problem: 413 past <paramref name="maxBytes"/>
    /// (nothing kept), 400 for a body without a file.
    /// </summary>
    public static async Task<((IncomingFile File, long Size, string Sha256)? File, ProblemHttpResult? Problem)> SaveAsync(
        HttpRequest request, FileStore store, string path, string? nameFromUrl, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (request.ContentLength > IncomingFile.BodyLimit(request, maxBytes))
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            var (file, reason) = await IncomingFile.ReadAsync(request, nameFromUrl, maxBytes, cancellationToken);
            if (file is null)
            {
                return (null, BadBody("The request holds no file.", reason!));
            }

            return await store.SaveAsync(file.Content, path, maxBytes, cancellationToken) is { } saved
                ? ((file, saved.Size, saved.Sha256), null)
                : (null, TooLarge(maxBytes));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        catch (InvalidDataException e)
        {
            return (null, BadBody("The multipart/form-data body is malformed.", e.Message));
        }
    }

    private static ProblemHttpResult BadBody(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);

    private static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "File too large",
        detail: $"The file is larger than the {maxBytes} bytes allowed; nothing was kept.");
}
