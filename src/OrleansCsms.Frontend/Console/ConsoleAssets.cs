using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace OrleansCsms.Frontend.Console;

/// <summary>
/// The console's static files, embedded in this assembly: its script, its styles and Blazor's blazor.web.js. Each is
/// served under a URL that carries a hash of its content, so browsers may keep it for good and a new build is fetched anew.
/// </summary>
public sealed class ConsoleAssets
{
    public const string PathPrefix = "/console/assets";

    private readonly FrozenDictionary<string, Asset> _assets;

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        const string prefix = "console/";
        _assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var content = copy.ToArray();
                var version = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
                return new Asset(name[prefix.Length..], content, ContentType(name), version);
            })
            .ToFrozenDictionary(asset => asset.Name, StringComparer.Ordinal);
    }

    /// <summary>The URL of an asset, with its content's version.</summary>
    public string Url(string name) =>
        _assets.TryGetValue(name, out var asset)
            ? $"{PathPrefix}/{name}?v={asset.Version}"
            : throw new ArgumentException($"The console has no asset '{name}'.", nameof(name));

    /// <summary>Serves GET /console/assets/{name}.</summary>
    public IResult Serve(string name, string? v)
    {
        if (!_assets.TryGetValue(name, out var asset))
        {
            return TypedResults.NotFound();
        }

        var cacheControl = v == asset.Version ? "public, max-age=31536000, immutable" : "no-cache";
        return new AssetResult(asset, cacheControl);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private sealed record Asset(string Name, byte[] Content, string ContentType, string Version);

    private sealed class AssetResult(Asset asset, string cacheControl) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = asset.ContentType;
            response.Headers.CacheControl = cacheControl;
            response.Headers.XContentTypeOptions = "nosniff";
            response.ContentLength = asset.Content.Length;
            return HttpMethods.IsHead(httpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content).AsTask();
        }
    }
}
