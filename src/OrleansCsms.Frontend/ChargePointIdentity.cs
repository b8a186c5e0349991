using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansCsms.Frontend;

/// <summary>
/// What may name a charge point, one rule for the OCPP endpoint and the REST API alike, and how a name is read from a
/// URL: one path segment of the request as sent, percent-decoded exactly once.
/// </summary>
public static class ChargePointIdentity
{
    /// <summary>OCPP 2.0.1 makes the identity a string of at most 48 characters; 1.6 charge points stay well within it.</summary>
    public const int DefaultMaxLength = 48;

    /// <summary>Why <paramref name="identity"/> cannot name a charge point, or null when it can.</summary>
    public static string? Problem(string? identity, int maxLength) => identity switch
    {
        null or "" => "Must not be empty.",
        _ when identity.Length > maxLength => $"Must be at most {maxLength} characters long.",

        // It travels as one URL path segment: a slash or a dot-dot would make it a different path.
        _ when identity.Contains('/', StringComparison.Ordinal) => "Must not contain '/'.",
        _ when identity.Contains("..", StringComparison.Ordinal) => "Must not contain '..'.",
        _ when identity.Any(char.IsControl) => "Must not contain control characters.",
        _ => null,
    };

    /// <summary>
    /// The path segments of the request as the client sent them, still percent-encoded. The server's own decoded path
    /// cannot serve: it decodes everything but %2F, so decoding a segment of it again would decode %25 twice.
    /// </summary>
    public static string[] RawPathSegments(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var path = target is not null && target.StartsWith('/')
            ? target.Split('?', 2)[0]
            : (context.Request.PathBase + context.Request.Path).ToUriComponent();
        return path.Split('/')[1..];
    }

    /// <summary>A raw path segment, percent-decoded once (escapes that do not decode to text are kept as they are).</summary>
    public static string Decode(string rawSegment) => Uri.UnescapeDataString(rawSegment);
}
