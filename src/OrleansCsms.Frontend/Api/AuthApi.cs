using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Frontend.Auth;

namespace OrleansCsms.Frontend.Api;

/// <summary>Signing in: the console's cookie, bearer tokens for scripts, and who a request is signed in as.</summary>
public static class AuthApi
{
    private const string Tag = "Sign-in";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/auth").WithTags(Tag);

        group.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .Accepts<SignInRequest>("application/json", "application/x-www-form-urlencoded")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("Login")
            .WithSummary("Signs an operator in with name and password (JSON or a form) and sets the console's sign-in cookie.");

        group.MapPost("/logout", LogoutAsync)
            .AllowAnonymous()
            .WithName("Logout")
            .WithSummary("Signs the console out: clears the sign-in cookie.");

        group.MapPost("/token", TokenAsync)
            .AllowAnonymous()
            .Accepts<SignInRequest>("application/json", "application/x-www-form-urlencoded")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("CreateToken")
            .WithSummary("Returns a signed bearer token carrying the account's role, for 'Authorization: Bearer <token>'.");

        group.MapGet("/me", Me)
            .WithName("GetSignedIn")
            .WithSummary("Returns who the request is signed in as and with which role.");

        return endpoints;
    }

    public static async Task<Results<Ok<SignedInResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        HttpContext context,
        [FromServices] OperatorSignIn signIn,
        CancellationToken cancellationToken)
    {
        var (request, rejection) = await ReadAsync(context);
        if (rejection is not null)
        {
            return rejection;
        }

        var outcome = await signIn.SignInAsync(request!.Name!, request.Password!, cancellationToken);
        if (outcome.Account is not { } account)
        {
            return Refused(context, outcome);
        }

        await context.SignInAsync(AuthRegistration.CookieScheme, CsmsAuthorization.Principal(account.Name, account.Role, AuthRegistration.CookieScheme));
        return TypedResults.Ok(new SignedInResponse(account.Name, account.Role.Name()));
    }

    public static async Task<NoContent> LogoutAsync(HttpContext context, [FromServices] IAuthenticationService authentication)
    {
        await authentication.SignOutAsync(context, AuthRegistration.CookieScheme, null);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> TokenAsync(
        HttpContext context,
        [FromServices] OperatorSignIn signIn,
        [FromServices] TokenIssuer tokens,
        CancellationToken cancellationToken)
    {
        var (request, rejection) = await ReadAsync(context);
        if (rejection is not null)
        {
            return rejection;
        }

        var outcome = await signIn.SignInAsync(request!.Name!, request.Password!, cancellationToken);
        if (outcome.Account is not { } account)
        {
            return Refused(context, outcome);
        }

        var (token, expiresAt) = tokens.Issue(account);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresAt, account.Role.Name()));
    }

    public static Ok<SignedInResponse> Me(HttpContext context)
    {
        var name = context.User.FindFirst(CsmsAuthorization.NameClaim)?.Value ?? "";
        var role = CsmsAuthorization.RoleOf(context.User)?.Name() ?? "";
        return TypedResults.Ok(new SignedInResponse(name, role));
    }

    /// <summary>The name and password from a form post or a JSON body; both required, an empty one counts as none.</summary>
    private static async Task<(SignInRequest? Request, ValidationProblem? Rejection)> ReadAsync(HttpContext context)
    {
        SignInRequest? request;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            request = new SignInRequest(form["name"].FirstOrDefault(), form["password"].FirstOrDefault());
        }
        else
        {
            var body = await JsonBody<SignInRequest>.BindAsync(context);
            if (body.Value is null)
            {
                return (null, body.Rejection);
            }

            request = body.Value;
        }

        var errors = new ValidationErrors()
            .Check(!string.IsNullOrEmpty(request.Name), "name", "Required.")
            .Check(!string.IsNullOrEmpty(request.Password), "password", "Required: an empty password counts as none.");
        return errors.IsValid ? (request, null) : (null, errors.ToProblem());
    }

    private static ProblemHttpResult Refused(HttpContext context, SignInOutcome outcome)
    {
        if (outcome.LockedFor is not { } lockedFor)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Wrong name or password",
                detail: "No enabled account has that name and password.");
        }

        var seconds = (int)Math.Ceiling(lockedFor.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many failed sign-ins",
            detail: $"Sign-ins to this name failed too often in a row; it is locked for {seconds} s more, whatever the password.");
    }
}
