using System.CommandLine;
using OrleansCsms.Ocpp;

namespace OrleansCsms.Simulator.Tests;

public sealed class SimulatorOptionsTests
{
    [Theory]
    [InlineData(new string[0], OcppVersion.V16)]
    [InlineData(new[] { "--ocpp", "1.6" }, OcppVersion.V16)]
    [InlineData(new[] { "--ocpp", "2.0.1" }, OcppVersion.V201)]
    public void The_command_line_chooses_the_version_the_fleet_speaks(string[] args, OcppVersion expected)
    {
        var (options, command) = Command();

        var parse = command.Parse(args);

        Assert.Empty(parse.Errors);
        Assert.Equal(expected, options.ToSettings(parse).OcppVersion);
    }

    [Fact]
    public void A_version_the_simulator_does_not_speak_is_refused_at_parse_time()
    {
        var (_, command) = Command();

        var parse = command.Parse(["--ocpp", "2.1"]);

        Assert.NotEmpty(parse.Errors);
    }

    private static (SimulatorOptions Options, RootCommand Command) Command()
    {
        var options = new SimulatorOptions();
        options.AddValidators();
        var command = new RootCommand();
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        return (options, command);
    }
}
