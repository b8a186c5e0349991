using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
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

/// <summary>What an attempt to sign in came to: the account, or none; <see cref="LockedFor"/> when it was not even tried.</summary>
public sealed record SignInOutcome(OperatorAccount? Account, TimeSpan? LockedFor);

/// <summary>
/// Signs operators in against the stored accounts. A run of failed attempts locks the name for a while across the
/// cluster (<see cref="ISignInAttemptsGrain"/>), whichever front-end, form or endpoint they come through.
/// </summary>
public sealed class OperatorSignIn(IOperatorAccountStore accounts, PasswordHashing passwords, IGrainFactory grains, IOptions<AuthOptions> options)
{
    // Names longer than this share their attempts with every name of the same beginning; no account has one.
    private const int LongestAttemptKey = 200;

    // Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
    private static readonly string DecoyHash = new PasswordHashing().Hash(Guid.NewGuid().ToString("N"));

    /// <summary>The enabled account with that name and password, unless the name is locked by failed attempts.</summary>
    public async Task<SignInOutcome> SignInAsync(string name, string password, CancellationToken cancellationToken)
    {
        var key = name.ToLowerInvariant();
        var attempts = grains.GetGrain<ISignInAttemptsGrain>(key.Length > LongestAttemptKey ? key[..LongestAttemptKey] : key);
        var auth = options.Value;
        var policy = new SignInLockoutPolicy(
            auth.SignInFailuresBeforeLockout, TimeSpan.FromSeconds(auth.SignInLockoutSeconds), TimeSpan.FromSeconds(auth.SignInLongestLockoutSeconds));
        if (await attempts.BeginAsync(policy) is { } lockedFor)
        {
            return new SignInOutcome(null, lockedFor);
        }

        var account = await accounts.FindAsync(name, cancellationToken);
        var matches = passwords.Verify(account?.PasswordHash ?? DecoyHash, password);
        if (account is not { Disabled: false } || !matches)
        {
            return new SignInOutcome(null, null);
        }

        await attempts.SucceededAsync();
        return new SignInOutcome(account, null);
    }

    /// <summary>The role an already signed-in name holds now, or null when its account is gone or disabled.</summary>
    public async Task<OperatorRole?> CurrentRoleAsync(string name, CancellationToken cancellationToken) =>
        await accounts.FindAsync(name, cancellationToken) is { Disabled: false } account ? account.Role : null;
}
