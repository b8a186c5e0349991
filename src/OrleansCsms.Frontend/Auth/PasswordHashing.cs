using Microsoft.AspNetCore.Identity;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>
/// Passwords as ASP.NET Core Identity stores them: PBKDF2 (HMAC-SHA512, 100,000 iterations) with a salt of its own per
/// password, behind a format byte so stronger settings can come later and older hashes still verify.
/// </summary>
public sealed class PasswordHashing
{
    private readonly PasswordHasher<string> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(string.Empty, password);

    /// <summary>Whether the password matches; a hash in an older format still verifies.</summary>
    public bool Verify(string hash, string password)
    {
        try
        {
            return _hasher.VerifyHashedPassword(string.Empty, hash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>Signs operators in against the stored accounts.</summary>
public sealed class OperatorSignIn(IOperatorAccountStore accounts, PasswordHashing passwords)
{
    // Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
    private static readonly string DecoyHash = new PasswordHashing().Hash(Guid.NewGuid().ToString("N"));

    /// <summary>The enabled account with that name and password, or null.</summary>
    public async Task<OperatorAccount?> CheckAsync(string name, string password, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(name, cancellationToken);
        var matches = passwords.Verify(account?.PasswordHash ?? DecoyHash, password);
        return account is { Disabled: false } && matches ? account : null;
    }

    /// <summary>The role an already signed-in name holds now, or null when its account is gone or disabled.</summary>
    public async Task<OperatorRole?> CurrentRoleAsync(string name, CancellationToken cancellationToken) =>
        await accounts.FindAsync(name, cancellationToken) is { Disabled: false } account ? account.Role : null;
}
