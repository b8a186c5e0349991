namespace OrleansCsms.Simulator.Tests;

/// <summary>Creating id tags through the operator API with the key the operator gives, and a clear word when it is refused.</summary>
[Collection(EmbeddedHostCollection.Name)]
public sealed class IdTagProvisionerTests(EmbeddedHost host)
{
    [Fact]
    public async Task A_refused_API_key_is_a_one_line_error_that_says_how_to_pass_one()
    {
        using var http = IdTagProvisioner.ApiClient("not-a-key-of-this-system");

        var refused = await Assert.ThrowsAsync<IdTagProvisioningException>(() => IdTagProvisioner.CreateAsync(http, host.ApiBase, ["REFUSED-TAG"], CancellationToken.None));

        Assert.True(
            refused.Message.Contains("--api-key", StringComparison.Ordinal) && refused.Message.Contains(IdTagProvisioner.ApiKeyVariable, StringComparison.Ordinal)
            && !refused.Message.Contains('\n', StringComparison.Ordinal),
            $"Expected one line naming --api-key and {IdTagProvisioner.ApiKeyVariable}, but it was: {refused.Message}");
    }

    [Fact]
    public async Task The_command_line_with_a_refused_key_exits_with_its_own_code_instead_of_a_stack_trace()
    {
        var command = SimulatorCommand.Create();

        var exitCode = await command.Parse(["--create-id-tags", host.ApiBase.ToString(), "--api-key", "not-a-key-of-this-system", "--id-tags", "CLI-TAG"])
            .InvokeAsync(SimulatorCommand.Invocation);

        Assert.True(exitCode == SimulatorCommand.NoIdTags, $"Expected exit code {SimulatorCommand.NoIdTags} (id tags not created), but it was {exitCode}.");
    }

    [Fact]
    public void The_API_key_is_read_from_the_command_line()
    {
        var options = new SimulatorOptions();
        var command = new System.CommandLine.RootCommand();
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        var parse = command.Parse(["--api-key", "k-123"]);

        Assert.Equal("k-123", parse.GetValue(options.ApiKey));
    }
}
