using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Silo;

namespace OrleansCsms.Tests.Hosting;

public sealed class OperatorAccessStartupTests
{
    [Fact]
    public async Task A_host_without_credentials_on_an_address_beyond_loopback_exits_non_zero_before_listening()
    {
        var scratch = Directory.CreateTempSubdirectory("csms-guard-");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = scratch.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "OrleansCsms.Silo.dll"),
                "--urls", "http://0.0.0.0:0",
                "--Storage:SqlitePath", Path.Combine(scratch.FullName, "csms.db"),
                "--Storage:Provider", "Sqlite",
            },
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ConnectionStrings__Postgres");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var log = await output + await errors;
        scratch.Delete(recursive: true);

        Assert.True(process.ExitCode != 0, $"Expected the host to exit non-zero when asked to serve an open API on 0.0.0.0, but it exited 0: {log}");
        Assert.Contains("Refusing to serve an operator API without credentials", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_without_credentials_on_an_address_beyond_loopback_does_not_start()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await CsmsHost.StartAsync(new Dictionary<string, string?> { ["Urls"] = "http://0.0.0.0:0" }, sqlitePath: TempDatabase());
        });

        Assert.True(Describe(failure).Contains("Refusing to serve an operator API without credentials", StringComparison.Ordinal),
            $"Expected start-up to fail on the open-API guard, but it failed with: {failure}");
    }

    [Fact]
    public async Task The_first_run_command_creates_an_admin_that_signs_in_and_closes_the_open_api()
    {
        var database = TempDatabase();
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await AccountsCommand.RunAsync(
            ["accounts", "add-admin", "first-admin", $"--Storage:SqlitePath={database}", "--Storage:Provider=Sqlite"],
            new StringReader("first-admin-password\n"),
            output,
            errors,
            inputIsTerminal: false);
        await using var host = await CsmsHost.StartAsync(sqlitePath: database);
        var token = await host.Api.PostAsJsonAsync("/api/auth/token", new { name = "first-admin", password = "first-admin-password" });
        var anonymous = await host.Api.GetAsync("/api/charge-points");

        Assert.True(exitCode == 0, $"Expected the command to succeed: {output} {errors}");
        await Api.ApiAssert.JsonAsync(token, HttpStatusCode.OK);
        await Api.ApiAssert.ProblemAsync(anonymous, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_first_run_command_generates_and_prints_a_password_on_a_terminal()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await AccountsCommand.RunAsync(
            ["accounts", "add-admin", "terminal-admin", $"--Storage:SqlitePath={TempDatabase()}", "--Storage:Provider=Sqlite"],
            new StringReader(""),
            output,
            errors,
            inputIsTerminal: true);

        Assert.True(exitCode == 0 && output.ToString().Contains("Password: ", StringComparison.Ordinal), $"Expected a generated password to be printed: {output} {errors}");
    }

    private static string Describe(Exception exception) => exception.ToString();

    private static string TempDatabase() => Path.Combine(Directory.CreateTempSubdirectory("csms-accounts-").FullName, "csms.db");
}
