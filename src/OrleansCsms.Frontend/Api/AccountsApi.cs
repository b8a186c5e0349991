using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCsms.Frontend.Auth;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>Operator accounts and their roles, for admins.</summary>
public static class AccountsApi
{
    private const string Tag = "Accounts";

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/accounts").WithTags(Tag).RequireAuthorization(CsmsAuthorization.AdminPolicy);

        group.MapGet("/", ListAsync)
            .WithName("ListAccounts")
            .WithSummary("Lists operator accounts, by name.");

        group.MapGet("/{name}", GetAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetAccount")
            .WithSummary("Returns an operator account.");

        group.MapPost("/", CreateAsync)
            .Accepts<CreateAccountRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("CreateAccount")
            .WithSummary("Creates an operator account with a name, a password and a role (viewer, operator or admin); the first account must be an admin.");

        group.MapPatch("/{name}", UpdateAsync)
            .Accepts<UpdateAccountRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("UpdateAccount")
            .WithSummary("Changes an account's role or password, or disables or enables it; the last enabled admin cannot be demoted or disabled.");

        group.MapDelete("/{name}", DeleteAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DeleteAccount")
            .WithSummary("Deletes an account; the last enabled admin cannot be deleted.");

        return endpoints;
    }

    public static async Task<Ok<AccountResponse[]>> ListAsync([FromServices] IOperatorAccountStore accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok((await accounts.ListAsync(cancellationToken)).Select(a => a.ToResponse()).ToArray());

    public static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(string name, [FromServices] IOperatorAccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.FindAsync(name, cancellationToken) is { } account ? TypedResults.Ok(account.ToResponse()) : UnknownAccount(name);

    public static async Task<Results<Created<AccountResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JsonBody<CreateAccountRequest> body,
        [FromServices] IOperatorAccountStore accounts,
        [FromServices] PasswordHashing passwords,
        [FromServices] OperatorAccountPresence presence,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .AccountName("name", request.Name)
            .AccountPassword("password", request.Password, required: true)
            .AccountRole("role", request.Role, required: true);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var role = CsmsAuthorization.TryParseRole(request.Role, out var parsed) ? parsed : OperatorRole.Viewer;
        var now = time.GetUtcNow();
        var account = new OperatorAccount(request.Name!, passwords.Hash(request.Password!), role, Disabled: false, now, now);
        switch (await accounts.CreateAsync(account, cancellationToken))
        {
            case OperatorAccountOutcome.NameTaken:
                return ApiProblems.Conflict("Account exists", $"An account named '{account.Name}' exists already.");
            case OperatorAccountOutcome.NoAdminLeft:
                return ApiProblems.Conflict("An admin comes first", "No enabled admin account exists: create an admin before other accounts, so someone can always manage them.");
        }

        presence.AccountCreated();
        return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(account.Name)}", account.ToResponse());
    }

    public static async Task<Results<Ok<AccountResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string name,
        JsonBody<UpdateAccountRequest> body,
        [FromServices] IOperatorAccountStore accounts,
        [FromServices] PasswordHashing passwords,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (body.Value is not { } request)
        {
            return body.Rejection!;
        }

        var errors = new ValidationErrors()
            .AccountRole("role", request.Role, required: false)
            .AccountPassword("password", request.Password, required: false)
            .Check(request.Role is not null || request.Password is not null || request.Disabled is not null, "$", "Name at least one of role, password or disabled.");
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        OperatorRole? role = CsmsAuthorization.TryParseRole(request.Role, out var parsed) ? parsed : null;
        var change = new OperatorAccountChange(role, request.Password is { } password ? passwords.Hash(password) : null, request.Disabled);
        return await accounts.UpdateAsync(name, change, time.GetUtcNow(), cancellationToken) switch
        {
            OperatorAccountOutcome.Done => TypedResults.Ok((await accounts.FindAsync(name, cancellationToken))!.ToResponse()),
            OperatorAccountOutcome.NoAdminLeft => LastAdmin(name),
            _ => UnknownAccount(name),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, [FromServices] IOperatorAccountStore accounts, CancellationToken cancellationToken) =>
        await accounts.DeleteAsync(name, cancellationToken) switch
        {
            OperatorAccountOutcome.Done => TypedResults.NoContent(),
            OperatorAccountOutcome.NoAdminLeft => LastAdmin(name),
            _ => UnknownAccount(name),
        };

    private static ProblemHttpResult UnknownAccount(string name) => ApiProblems.NotFound("Unknown account", $"No account '{name}' exists.");

    private static ProblemHttpResult LastAdmin(string name) =>
        ApiProblems.Conflict("Last admin", $"'{name}' is the last enabled admin: make another account admin first, so someone can still manage accounts.");
}
