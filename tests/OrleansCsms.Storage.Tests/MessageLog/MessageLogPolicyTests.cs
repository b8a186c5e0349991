namespace OrleansCsms.Storage.Tests;

/// <summary>Which frames the message log keeps, by action, as MessageLog:Enabled, Actions and ExcludeActions say.</summary>
public sealed class MessageLogPolicyTests
{
    [Fact]
    public void By_default_every_action_is_logged()
    {
        var policy = MessageLogPolicy.From(new MessageLogOptions());

        Assert.True(policy.Logs("Heartbeat") && policy.Logs("StartTransaction") && policy.Logs(null), "Expected the default policy to log everything.");
    }

    [Fact]
    public void An_excluded_action_is_not_logged_whatever_its_case_and_others_are()
    {
        var options = new MessageLogOptions();
        options.ExcludeActions.Add("Heartbeat");
        var policy = MessageLogPolicy.From(options);

        Assert.False(policy.Logs("Heartbeat"), "Expected Heartbeat, excluded, not to be logged.");
        Assert.False(policy.Logs("heartbeat"), "Expected action names to match whatever their case.");
        Assert.True(policy.Logs("BootNotification"), "Expected an action not excluded to be logged.");
    }

    [Fact]
    public void With_an_include_list_only_its_actions_are_logged_but_frames_without_an_action_still_are()
    {
        var options = new MessageLogOptions();
        options.Actions.Add("StartTransaction");
        options.Actions.Add("StopTransaction");
        var policy = MessageLogPolicy.From(options);

        Assert.True(policy.Logs("StartTransaction") && policy.Logs("StopTransaction"), "Expected the listed actions to be logged.");
        Assert.False(policy.Logs("MeterValues"), "Expected an action missing from MessageLog:Actions not to be logged.");
        Assert.True(policy.Logs(null), "Expected a frame without an action (a malformed one) to be logged while the log is on.");
    }

    [Fact]
    public void A_switched_off_log_logs_nothing_not_even_frames_without_an_action()
    {
        var options = new MessageLogOptions { Enabled = false };
        options.Actions.Add("StartTransaction");
        var policy = MessageLogPolicy.From(options);

        Assert.False(policy.Logs("StartTransaction") || policy.Logs(null), "Expected MessageLog:Enabled=false to log nothing.");
    }
}
