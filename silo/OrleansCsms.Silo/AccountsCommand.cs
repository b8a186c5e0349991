using System.Security.Cryptography;
using OrleansCsms.Frontend.Api;
using OrleansCsms.Frontend.Auth;
using OrleansCsms.Grains;
using OrleansCsms.Storage;

namespace OrleansCsms.Silo;

/// <summary>
/// <c>accounts add-admin &lt;name&gt;</c>: creates an admin account in the database the host is configured for (the same
/// settings, files and environment), with the password read from standard input or, on a terminal, generated and printed.
/// </summary>
public static class AccountsCommand
{
    public static bool IsInvocation(string[] args) => args is ["accounts", ..];

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, bool inputIsTerminal)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is not ["accounts", "add-admin", var name, .. var settings])
        {
            await error.WriteLineAsync("Usage: accounts add-admin <name> [--Setting=value ...]   (the password is read from standard input, or generated on a terminal)");
            return 2;
        }

        if (!AccountRules.IsValidName(name))
        {
            await error.WriteLineAsync($"'{name}' is not a valid account name: 1-64 letters, digits, '.', '_', '-' or '@'.");
            return 2;
        }

        var generated = inputIsTerminal;
        var password = generated ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_') : (await input.ReadLineAsync())?.TrimEnd('\r');
        if (string.IsNullOrEmpty(password) || password.Length < AccountRules.MinPasswordLength || password.Length > AccountRules.MaxPasswordLength)
        {
            await error.WriteLineAsync($"The password read from standard input must be {AccountRules.MinPasswordLength}-{AccountRules.MaxPasswordLength} characters long; an empty one counts as none.");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCsmsStorage(builder.Configuration);
        await using var host = builder.Build();
        var storage = host.Services.GetRequiredService<StorageDescription>();
        var now = DateTimeOffset.UtcNow;
        var account = new OperatorAccount(name, new PasswordHashing().Hash(password), OperatorRole.Admin, Disabled: false, now, now);
        if (await host.Services.GetRequiredService<IOperatorAccountStore>().CreateAsync(account, CancellationToken.None) == OperatorAccountOutcome.NameTaken)
        {
            await error.WriteLineAsync($"An account named '{name}' exists already in {storage.Description}.");
            return 1;
        }

        await output.WriteLineAsync($"Created admin account '{name}' in {storage.Description}.");
        if (generated)
        {
            await output.WriteLineAsync($"Password: {password}");
        }

        return 0;
    }
}
