using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

/// <summary>The cluster-wide count of failed sign-ins to one name, on a silo whose clock the test moves.</summary>
[Collection(GrainSiloCollection.Name)]
public sealed class SignInAttemptsGrainTests(GrainSiloFixture fixture)
{
    private static readonly SignInLockoutPolicy Policy = new(3, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));

    private GrainSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_locked_name_may_try_again_once_its_lockout_has_passed_and_a_further_failure_locks_it_twice_as_long()
    {
        var attempts = Silo.Grains.GetGrain<ISignInAttemptsGrain>(Guid.NewGuid().ToString("N"));
        for (var i = 0; i < Policy.FailuresBeforeLockout; i++)
        {
            Assert.Null(await attempts.BeginAsync(Policy));
        }

        var locked = await attempts.BeginAsync(Policy);
        Silo.Time.Advance(TimeSpan.FromSeconds(31));
        var afterLockout = await attempts.BeginAsync(Policy);
        var lockedAgain = await attempts.BeginAsync(Policy);

        Assert.True(locked is { } first && first > TimeSpan.FromSeconds(29) && first <= TimeSpan.FromSeconds(30),
            $"Expected the name locked for the first lockout (30 s) after {Policy.FailuresBeforeLockout} failures, but it was {locked}.");
        Assert.True(afterLockout is null, $"Expected an attempt allowed once the lockout had passed, but it was locked for {afterLockout}.");
        Assert.True(lockedAgain is { } second && second > TimeSpan.FromSeconds(59) && second <= TimeSpan.FromSeconds(60),
            $"Expected a failure after the lockout to lock the name twice as long (60 s), but it was {lockedAgain}.");
    }

    [Fact]
    public async Task Attempts_begun_at_once_count_before_any_has_failed()
    {
        var attempts = Silo.Grains.GetGrain<ISignInAttemptsGrain>(Guid.NewGuid().ToString("N"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => attempts.BeginAsync(Policy)));

        Assert.True(outcomes.Count(o => o is null) == Policy.FailuresBeforeLockout,
            $"Expected only {Policy.FailuresBeforeLockout} of 10 simultaneous attempts let through, but {outcomes.Count(o => o is null)} were.");
    }
}
