using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Ocpp;

namespace OrleansCsms.Frontend.Api;

/// <summary>
/// Checks the {id} of a charge point's routes by the rule the OCPP handshake applies, so the API and the endpoint
/// accept exactly the same identities. The id is read from the URL as sent and decoded once, as the handshake reads
/// it: /api/charge-points/CP%2F1 names "CP/1", which is refused, not "CP%2F1".
/// </summary>
public static class ChargePointIdRoute
{
    private const string Parameter = "id";

    public static async ValueTask<object?> ValidateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var id = RawId(http) is { } raw ? ChargePointIdentity.Decode(raw) : http.Request.RouteValues[Parameter]?.ToString();
        var maxLength = http.RequestServices.GetRequiredService<IOptions<OcppOptions>>().Value.MaxIdentityLength;
        if (ChargePointIdentity.Problem(id, maxLength) is { } problem)
        {
            return new ValidationErrors().Add(Parameter, problem).ToProblem("The charge point id is not valid.");
        }

        if (ArgumentIndex(http) is { } index && context.Arguments[index] is string bound && bound != id)
        {
            context.Arguments[index] = id;
        }

        return await next(context);
    }

    /// <summary>The id's segment of the URL as sent, still percent-encoded.</summary>
    private static string? RawId(HttpContext http)
    {
        if (http.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return null;
        }

        var position = endpoint.RoutePattern.PathSegments
            .Select((segment, i) => (segment, i))
            .FirstOrDefault(s => s.segment.Parts is [RoutePatternParameterPart { Name: Parameter }], (null!, -1)).i;
        var segments = ChargePointIdentity.RawPathSegments(http);
        return position >= 0 && position < segments.Length ? segments[position] : null;
    }

    private static int? ArgumentIndex(HttpContext http)
    {
        var parameters = http.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
        var index = Array.FindIndex(parameters, p => p.Name == Parameter && p.ParameterType == typeof(string));
        return index >= 0 ? index : null;
    }
}
