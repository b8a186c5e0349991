using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Frontend.Files;

/// <summary>
/// The files directory: firmware files under <c>firmware/</c> by their id, charge points' uploads under <c>uploads/</c> by job id.
/// A file is written to a temporary name beside its place and moved there whole, so a reader never sees part of one and
/// an upload that fails or passes its limit leaves nothing behind.
/// </summary>
public sealed class FileStore(IOptions<FilesOptions> options, IHostEnvironment environment)
{
    private const int BufferSize = 81_920;

    private readonly string _root = Path.GetFullPath(options.Value.Directory, environment.ContentRootPath);

    /// <summary>A fresh random token (128 bits, lowercase hex): ids of firmware files, secrets of upload URLs.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Whether <paramref name="value"/> is shaped like a token, checked before it names a file or a grain.</summary>
    public static bool IsToken(string? value) => value is { Length: 32 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public string FirmwarePath(string fileId) => Path.Combine(_root, "firmware", fileId);

    public string UploadPath(int jobId) => Path.Combine(_root, "uploads", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="path"/>; returns its size and SHA-256, or null (and keeps nothing)
    /// when it holds more than <paramref name="maxBytes"/>.
    /// </summary>
    public async Task<(long Size, string Sha256)?> SaveAsync(Stream source, string path, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{NewToken()}.partial";
        try
        {
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        return null;
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                // On disk before it is recorded: the record is what makes the file exist for everyone else.
                await target.FlushAsync(cancellationToken);
                target.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void Delete(string path) => File.Delete(path);
}
