using System.Text.RegularExpressions;

namespace OrleansCsms.Console.Tests;

/// <summary>What the tests look for on the console's pages.</summary>
internal static partial class ConsolePages
{
    static ConsolePages() => Assertions.SetDefaultExpectTimeout(45_000);

    public static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    public static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    public static ILocator ConnectionBadge(this IPage page, string chargePointId) =>
        page.Locator($"[data-connection-of='{chargePointId}']");

    public static ILocator StatusBadge(this IPage page, string chargePointId, int connectorId) =>
        page.Locator($"[data-status-of='{chargePointId}'][data-connector='{connectorId}']").First;

    public static ILocator CommandForm(this IPage page, string command) => page.Locator($"form[data-command='{command}']");

    public static ILocator CommandAnswer(this IPage page) => page.GetByTestId("command-answer");

    /// <summary>Waits until the page's event stream is open, so what happens next reaches it live.</summary>
    public static Task LiveAsync(this IPage page) =>
        Expect(page.Locator("[data-live-indicator]")).ToHaveAttributeAsync("data-state", "open");

    /// <summary>Marks the document, so a test can tell later that the page was never reloaded.</summary>
    public static Task MarkDocumentAsync(this IPage page) => page.EvaluateAsync("() => { window.sameDocument = true; }");

    public static Task<bool> IsSameDocumentAsync(this IPage page) => page.EvaluateAsync<bool>("() => window.sameDocument === true");

    [GeneratedRegex("Accepted")]
    public static partial Regex Accepted();
}
