using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansCsms.Grains;

/// <summary>The mobility operator and V2G roots an operator trusts for contract certificates, read from a PEM file or a directory of them.</summary>
public static class TrustedRoots
{
    /// <summary>
    /// The certificates in <paramref name="path"/> (a PEM file, or every .pem/.crt file of a directory); none when no
    /// path is given. A path that does not exist or holds no certificate is a configuration error, said at first use.
    /// </summary>
    public static X509Certificate2Collection Load(string? path)
    {
        var roots = new X509Certificate2Collection();
        if (string.IsNullOrWhiteSpace(path))
        {
            return roots;
        }

        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(f => f.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".crt", StringComparison.OrdinalIgnoreCase))
            : File.Exists(path) ? [path] : throw new InvalidOperationException($"Iso15118:TrustedRootsPath '{path}' is neither a file nor a directory.");
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            try
            {
                roots.ImportFromPemFile(file);
            }
            catch (CryptographicException ex)
            {
                throw new InvalidOperationException($"Iso15118:TrustedRootsPath: '{file}' is no PEM of certificates: {ex.Message}", ex);
            }
        }

        return roots.Count > 0 ? roots : throw new InvalidOperationException($"Iso15118:TrustedRootsPath '{path}' holds no certificate.");
    }
}
