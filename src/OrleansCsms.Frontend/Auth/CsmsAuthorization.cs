using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>The role claim every sign-in gives, and the policies the API asks for.</summary>
public static class CsmsAuthorization
{
    /// <summary>Reads: any role.</summary>
    public const string ViewerPolicy = "viewer";

    /// <summary>Writes and commands: operator or admin.</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Accounts and settings: admin only.</summary>
    public const string AdminPolicy = "admin";

    public const string NameClaim = "name";

    public const string RoleClaim = "role";

    /// <summary>The role's name as claims, the API and configuration spell it.</summary>
    public static string Name(this OperatorRole role) => role switch
    {
        OperatorRole.Admin => "admin",
        OperatorRole.Operator => "operator",
        _ => "viewer",
    };

    public static bool TryParseRole(string? value, out OperatorRole role)
    {
        role = value switch
        {
            "admin" => OperatorRole.Admin,
            "operator" => OperatorRole.Operator,
            "viewer" => OperatorRole.Viewer,
            _ => (OperatorRole)(-1),
        };
        return Enum.IsDefined(role);
    }

    public static IReadOnlyList<string> RoleNames { get; } = ["viewer", "operator", "admin"];

    /// <summary>A signed-in principal: its name and role, under the claim types every scheme here uses.</summary>
    public static ClaimsPrincipal Principal(string name, OperatorRole role, string authenticationType) =>
        new(new ClaimsIdentity([new Claim(NameClaim, name), new Claim(RoleClaim, role.Name())], authenticationType, NameClaim, RoleClaim));

    /// <summary>The role a principal holds, the highest if it holds several.</summary>
    public static OperatorRole? RoleOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        OperatorRole? best = null;
        foreach (var claim in user.FindAll(RoleClaim))
        {
            if (TryParseRole(claim.Value, out var role) && (best is null || role > best))
            {
                best = role;
            }
        }

        return best;
    }

    public static AuthorizationBuilder AddCsmsPolicies(this AuthorizationBuilder builder) =>
        builder
            .AddPolicy(ViewerPolicy, policy => policy.RequireAuthenticatedUser().RequireRole("viewer", "operator", "admin"))
            .AddPolicy(OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireRole("operator", "admin"))
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole("admin"));

    /// <summary>
    /// Every endpoint of the builder (a group: also those mapped into it later) asks for viewer to read (GET, HEAD)
    /// and operator for anything else; an endpoint can add a stricter policy or allow anonymous access itself.
    /// </summary>
    public static TBuilder RequireRoleByMethod<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            var readOnly = methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m));
            endpoint.Metadata.Add(new AuthorizeAttribute(readOnly ? ViewerPolicy : OperatorPolicy));
        });
        return builder;
    }
}
