namespace OrleansCsms.Grains;

/// <summary>
/// Counts the failed sign-ins to one name in a row; from the policy's number of failures on, the name is locked for
/// the first lockout, doubled with each further failure up to the longest. The activation outlives its lockout.
/// </summary>
[GrainType(GrainTypes.SignInAttempts)]
public sealed class SignInAttemptsGrain(TimeProvider time) : Grain, ISignInAttemptsGrain
{
    private int _failures;
    private DateTimeOffset? _lockedUntil;

    public Task<TimeSpan?> BeginAsync(SignInLockoutPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var now = time.GetUtcNow();
        if (_lockedUntil is { } until && until > now)
        {
            return Task.FromResult<TimeSpan?>(until - now);
        }

        _failures++;
        if (_failures >= policy.FailuresBeforeLockout)
        {
            var lockout = Lockout(policy, _failures - policy.FailuresBeforeLockout);
            _lockedUntil = now + lockout;
            DelayDeactivation(lockout);
        }

        return Task.FromResult<TimeSpan?>(null);
    }

    public Task SucceededAsync()
    {
        _failures = 0;
        _lockedUntil = null;
        return Task.CompletedTask;
    }

    /// <summary>The first lockout doubled <paramref name="doublings"/> times, never longer than the longest.</summary>
    public static TimeSpan Lockout(SignInLockoutPolicy policy, int doublings)
    {
        var longest = policy.LongestLockout < policy.FirstLockout ? policy.FirstLockout : policy.LongestLockout;
        var lockout = policy.FirstLockout;
        for (var i = 0; i < doublings && lockout < longest; i++)
        {
            lockout += lockout;
        }

        return lockout < longest ? lockout : longest;
    }
}
