using System.CommandLine;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator;

/// <summary>The simulator's command line: a fleet by default, one scripted charge point with --scenario.</summary>
public static class SimulatorCommand
{
    /// <summary>Long enough for a clean stop after Ctrl+C: sessions stopped, queues drained, sockets closed.</summary>
    public static InvocationConfiguration Invocation { get; } = new() { ProcessTerminationTimeout = TimeSpan.FromSeconds(45) };

    /// <summary>The exit code when the id tags asked for with --create-id-tags could not be created.</summary>
    public const int NoIdTags = 3;

    public static RootCommand Create()
    {
        var options = new SimulatorOptions();
        options.AddValidators();
        var command = new RootCommand("Simulates OCPP 1.6J or 2.0.1 charge points against a central system, or plays a scripted scenario as one.");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                if (parse.GetValue(options.Scenario) is { } file)
                {
                    var version = parse.GetValue(options.Ocpp) == "2.0.1" ? OcppVersion.V201 : OcppVersion.V16;
                    return await PlayScenarioAsync(
                        file, parse.GetValue(options.Url)!, parse.GetValue(options.Password), parse.GetValue(options.CreateIdTags), parse.GetValue(options.ApiKey), version, cancellationToken);
                }

                return await FleetRun.RunAsync(
                    options.ToSettings(parse), parse.GetValue(options.CreateIdTags), parse.GetValue(options.ApiKey), parse.GetValue(options.ReportJson), Console.Out, cancellationToken);
            }
            catch (IdTagProvisioningException ex)
            {
                // What went wrong and what to do, not a stack trace.
                await Console.Error.WriteLineAsync(ex.Message);
                return NoIdTags;
            }
        });
        return command;
    }

    private static async Task<int> PlayScenarioAsync(
        FileInfo file, Uri url, string? password, Uri? createIdTagsAt, string? apiKey, OcppVersion version, CancellationToken cancellationToken)
    {
        ScenarioScript script;
        try
        {
            script = await ScenarioScript.LoadAsync(file.FullName, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            await Console.Error.WriteLineAsync($"{file.Name}: {ex.Message}");
            return ScenarioRunner.NotConnected;
        }

        if (createIdTagsAt is not null)
        {
            using var http = IdTagProvisioner.ApiClient(apiKey);
            await IdTagProvisioner.CreateAsync(http, createIdTagsAt, script.IdTags(), cancellationToken);
        }

        await using var runner = new ScenarioRunner(script, url, password, Console.Out, version);
        return await runner.RunAsync(cancellationToken);
    }
}
