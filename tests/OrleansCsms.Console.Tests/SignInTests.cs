using static OrleansCsms.Console.Tests.ConsolePages;

namespace OrleansCsms.Console.Tests;

/// <summary>Signing in and out of the console in a browser.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_browser_not_signed_in_is_sent_to_the_login_page_and_a_wrong_password_is_refused()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Host.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/console/charge-points");
        Assert.True(new Uri(page.Url).AbsolutePath == "/console/login", $"Expected the login page, but the browser is at {page.Url}.");
        await page.FillAsync("#name", ConsoleFixture.OperatorName);
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong name or password.");
        Assert.Empty(await context.CookiesAsync(fixture.Host.BaseAddress.ToString()) is var cookies ? cookies.Where(c => c.Name == "csms.auth") : []);
    }

    [Fact]
    public async Task An_operator_signs_in_with_a_strict_cookie_lands_where_they_were_going_and_signs_out()
    {
        var page = await fixture.SignedInPageAsync(ConsoleFixture.OperatorName);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(ConsoleFixture.OperatorName);
        await Expect(page.GetByTestId("overview")).ToBeVisibleAsync();
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "csms.auth");
        Assert.True(cookie.HttpOnly && cookie.SameSite == SameSiteAttribute.Strict, $"Expected an HttpOnly, SameSite=Strict sign-in cookie, but got HttpOnly={cookie.HttpOnly}, SameSite={cookie.SameSite}.");

        await page.ClickAsync("text=Sign out");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/console/login");
        await page.GotoAsync("/console/transactions");
        Assert.True(new Uri(page.Url).AbsolutePath == "/console/login", $"Expected the login page after signing out, but the browser is at {page.Url}.");
        await page.Context.CloseAsync();
    }
}
