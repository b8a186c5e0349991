using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// A JSON request body the API reads itself. The framework's own body binding answers a malformed body with an
/// empty 400 (or throws, in Development); reading it here turns it into a problem naming where the JSON broke.
/// </summary>
public sealed class JsonBody<T>
    where T : class
{
    private JsonBody(T? value, ValidationProblem? rejection)
    {
        Value = value;
        Rejection = rejection;
    }

    /// <summary>The body, or null when it was rejected.</summary>
    public T? Value { get; }

    /// <summary>Why the body was rejected: missing, not JSON, or the wrong shape.</summary>
    public ValidationProblem? Rejection { get; }

    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context)
    {
        if (context.Request.ContentLength == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false)
        {
            return Rejected("A request body is required.", "Send the request as a JSON object.");
        }

        var options = context.RequestServices.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions ?? JsonSerializerOptions.Web;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted);
            return value is null ? Rejected("A request body is required.", "Send a JSON object, not null.") : new JsonBody<T>(value, null);
        }
        catch (JsonException e)
        {
            return Rejected("The request body is not valid JSON for this operation.", Describe(e), string.IsNullOrEmpty(e.Path) ? "$" : e.Path);
        }
    }

    private static JsonBody<T> Rejected(string title, string message, string field = "$") =>
        new(null, new ValidationErrors().Add(field, message).ToProblem(title));

    // The serializer's messages name .NET types; clients only need the JSON position.
    private static string Describe(JsonException e) => e.LineNumber is { } line && e.BytePositionInLine is { } position
        ? $"Malformed JSON or a value of the wrong type (line {line + 1}, byte {position + 1})."
        : "Malformed JSON or a value of the wrong type.";
}
