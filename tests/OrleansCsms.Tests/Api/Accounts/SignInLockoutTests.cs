using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Api.Accounts;

/// <summary>
/// Guessing a password by trying: a run of failed sign-ins locks the name for a while, whatever the password and
/// whether through the token endpoint, the JSON login or the form; other names sign in as ever.
/// </summary>
public sealed class SignInLockoutTests(SecuredHostFixture fixture) : IClassFixture<SecuredHostFixture>
{
    private const int FailuresBeforeLockout = 5;

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_name_even_for_the_right_password_and_leave_other_names_alone()
    {
        var (name, password) = await NewAccountAsync();
        var (other, otherPassword) = await NewAccountAsync();

        for (var i = 0; i < FailuresBeforeLockout; i++)
        {
            await ApiAssert.ProblemAsync(await TokenAsync(name, $"guess-{i}"), HttpStatusCode.Unauthorized);
        }

        var locked = await fixture.Host.Api.PostAsJsonAsync("/api/auth/login", new { name = name.ToUpperInvariant(), password });
        var problem = await ApiAssert.ProblemAsync(locked, (HttpStatusCode)429);
        var retryAfter = int.Parse(locked.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.True(retryAfter is >= 1 and <= 30 && problem.GetString("title") == "Too many failed sign-ins",
            $"Expected the locked name refused with 429 and a Retry-After of at most the first lockout (30 s), but got Retry-After {retryAfter}: {problem}");
        await ApiAssert.JsonAsync(await TokenAsync(other, otherPassword), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_successful_sign_in_forgives_the_failures_before_it()
    {
        var (name, password) = await NewAccountAsync();

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < FailuresBeforeLockout - 1; i++)
            {
                await ApiAssert.ProblemAsync(await TokenAsync(name, $"guess-{round}-{i}"), HttpStatusCode.Unauthorized);
            }

            await ApiAssert.JsonAsync(await TokenAsync(name, password), HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task An_unknown_name_is_locked_the_same_way_so_a_lockout_tells_nothing_about_which_names_exist()
    {
        var name = $"nobody-{Guid.NewGuid():N}"[..20];

        for (var i = 0; i < FailuresBeforeLockout; i++)
        {
            await ApiAssert.ProblemAsync(await TokenAsync(name, $"guess-{i}"), HttpStatusCode.Unauthorized);
        }

        await ApiAssert.ProblemAsync(await TokenAsync(name, "guess-again"), (HttpStatusCode)429);
    }

    [Theory]
    [InlineData(0, 30)]
    [InlineData(1, 60)]
    [InlineData(4, 480)]
    [InlineData(5, 900)]
    [InlineData(40, 900)]
    public void Each_failure_after_the_lockout_doubles_it_up_to_the_longest(int doublings, int expectedSeconds)
    {
        var policy = new SignInLockoutPolicy(FailuresBeforeLockout, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), SignInAttemptsGrain.Lockout(policy, doublings));
    }

    private Task<HttpResponseMessage> TokenAsync(string name, string password) =>
        fixture.Host.Api.PostAsJsonAsync("/api/auth/token", new { name, password });

    private async Task<(string Name, string Password)> NewAccountAsync()
    {
        var name = $"op-{Guid.NewGuid():N}"[..20];
        var password = $"pw-{Guid.NewGuid():N}";
        using var admin = await fixture.AdminAsync();
        await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/accounts", new { name, password, role = "operator" }), HttpStatusCode.Created);
        return (name, password);
    }
}
