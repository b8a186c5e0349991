using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Answers route and query values the framework could not parse (page=abc, connected=maybe) with a problem naming
/// them. The framework only sets a bare 400 for those and still runs the endpoint's filters, which is where this sits.
/// </summary>
public static class UnparsableParameters
{
    public static async ValueTask<object?> RejectAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Response.StatusCode != StatusCodes.Status400BadRequest || http.Response.HasStarted)
        {
            return await next(context);
        }

        var errors = new ValidationErrors();
        foreach (var (name, expected) in Unparsable(http))
        {
            errors.Add(name, $"Must be {expected}.");
        }

        if (errors.IsValid)
        {
            errors.Add("$", "A route or query parameter is missing or not in the expected format.");
        }

        return errors.ToProblem();
    }

    private static IEnumerable<(string Name, string Expected)> Unparsable(HttpContext http)
    {
        var handler = http.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>();
        foreach (var parameter in handler?.GetParameters() ?? [])
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (parameter.Name is not { } name || Raw(http, name) is not { } raw)
            {
                continue;
            }

            var (parses, expected) = type switch
            {
                _ when type == typeof(int) => (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "an integer"),
                _ when type == typeof(long) => (long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), "an integer"),
                _ when type == typeof(bool) => (bool.TryParse(raw, out _), "true or false"),
                _ => (true, ""),
            };
            if (!parses)
            {
                yield return (name, expected);
            }
        }
    }

    private static string? Raw(HttpContext http, string name) =>
        http.Request.RouteValues.TryGetValue(name, out var routeValue) ? routeValue?.ToString()
        : http.Request.Query.TryGetValue(name, out var queryValue) ? queryValue.ToString()
        : null;
}
