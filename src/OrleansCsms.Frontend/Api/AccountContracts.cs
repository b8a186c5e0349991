using System.Text.RegularExpressions;
using OrleansCsms.Frontend.Auth;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Api;

/// <summary>A name and password, to sign in with (JSON or a form post).</summary>
public sealed record SignInRequest(string? Name, string? Password);

/// <summary>Who the request is signed in as: the account's name (or "api-key", or "anonymous" in open mode) and its role.</summary>
public sealed record SignedInResponse(string Name, string Role);

/// <summary>A bearer token for "Authorization: Bearer", its role and when it expires.</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, string Role);

/// <summary>A new operator account: a name (letters, digits, '.', '_', '-', '@'), a password of 8 or more characters, and a role.</summary>
public sealed record CreateAccountRequest(string? Name, string? Password, string? Role);

/// <summary>Changes to an account; each field left out stays as it is.</summary>
public sealed record UpdateAccountRequest(string? Role, string? Password, bool? Disabled);

/// <summary>An operator account, without its password.</summary>
public sealed record AccountResponse(string Name, string Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>The rules accounts are checked against.</summary>
public static partial class AccountRules
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 256;

    public static AccountResponse ToResponse(this OperatorAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new AccountResponse(account.Name, account.Role.Name(), account.Disabled, account.CreatedAt, account.UpdatedAt);
    }

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static ValidationErrors AccountName(this ValidationErrors errors, string field, string? name) =>
        name is null
            ? errors.Add(field, "Required.")
            : errors.Check(NamePattern().IsMatch(name), field, "Must be 1-64 letters, digits, '.', '_', '-' or '@'.");

    /// <summary>An empty password counts as none.</summary>
    public static ValidationErrors AccountPassword(this ValidationErrors errors, string field, string? password, bool required) =>
        string.IsNullOrEmpty(password)
            ? required || password is not null ? errors.Add(field, "Required: an empty password counts as none.") : errors
            : errors.Check(password.Length is >= MinPasswordLength and <= MaxPasswordLength, field, $"Must be {MinPasswordLength}-{MaxPasswordLength} characters long.");

    public static ValidationErrors AccountRole(this ValidationErrors errors, string field, string? role, bool required) =>
        role is null && !required ? errors : errors.OneOf(field, role, CsmsAuthorization.RoleNames);

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex NamePattern();
}
