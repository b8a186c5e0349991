using Microsoft.Extensions.Options;
using OrleansCsms.Frontend.Api;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>
/// Whether the API and admission run in their open, first-run mode: no API key and no operator account. Once an
/// account exists one always does (the last admin cannot be removed), so a "yes, accounts" answer is kept for good;
/// a "no" is asked again at most every second, so an account created on another front-end closes this one too.
/// </summary>
public sealed class OperatorAccountPresence(IOperatorAccountStore accounts, IOptionsMonitor<ApiOptions> api, TimeProvider time)
{
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private volatile bool _accountsExist;
    private long _checkedAt = long.MinValue;

    /// <summary>Whether at least one API key is configured.</summary>
    public bool HasKeys => api.CurrentValue.ConfiguredKeys().Count > 0;

    /// <summary>Whether any operator account exists.</summary>
    public async ValueTask<bool> HasAccountsAsync(CancellationToken cancellationToken)
    {
        if (_accountsExist)
        {
            return true;
        }

        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _checkedAt);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < RecheckInterval)
        {
            return false;
        }

        var exist = await accounts.AnyAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _checkedAt, now);
        _accountsExist = exist;
        return exist;
    }

    /// <summary>Called when this front-end created an account, so it stops being open at once.</summary>
    public void AccountCreated() => _accountsExist = true;

    /// <summary>Whether anyone may use the API without credentials: no key and no account.</summary>
    public async ValueTask<bool> IsOpenAsync(CancellationToken cancellationToken) =>
        !HasKeys && !await HasAccountsAsync(cancellationToken).ConfigureAwait(false);
}
