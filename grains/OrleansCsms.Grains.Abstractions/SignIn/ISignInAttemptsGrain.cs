namespace OrleansCsms.Grains;

/// <summary>How failed sign-ins to one account name hold further attempts back.</summary>
/// <param name="FailuresBeforeLockout">Attempts that may fail in a row before the name is locked.</param>
/// <param name="FirstLockout">The first lockout; each further failure doubles it.</param>
/// <param name="LongestLockout">The longest a lockout lasts.</param>
[GenerateSerializer, Immutable]
public sealed record SignInLockoutPolicy(
    [property: Id(0)] int FailuresBeforeLockout,
    [property: Id(1)] TimeSpan FirstLockout,
    [property: Id(2)] TimeSpan LongestLockout);

/// <summary>
/// The sign-in attempts of one account name (the grain key, lower-cased), shared by every front-end of a cluster, so no
/// password can be guessed by trying, whichever front-end is asked and however many attempts run at once. An attempt
/// counts as failed from the moment it begins until it is known to have succeeded. Kept in memory only: a restart of
/// the silo that holds it forgives.
/// </summary>
public interface ISignInAttemptsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Begins an attempt: null when it may go ahead (and it is counted as failed until <see cref="SucceededAsync"/>),
    /// else how long the name is still locked for (and the attempt is not counted).
    /// </summary>
    Task<TimeSpan?> BeginAsync(SignInLockoutPolicy policy);

    /// <summary>The attempt begun succeeded: the run of failures is over and any lockout lifted.</summary>
    Task SucceededAsync();
}
