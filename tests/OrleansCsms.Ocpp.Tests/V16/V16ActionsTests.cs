using OrleansCsms.Ocpp.V16;

namespace OrleansCsms.Ocpp.Tests.V16;

public sealed class V16ActionsTests
{
    [Fact]
    public void The_catalogue_lists_exactly_the_actions_of_the_schema_file()
    {
        var catalogued = V16Actions.All.Select(a => a.Name).Order().ToList();
        var inSchemas = OfficialSchemas.V16.Select(s => s.Action).Distinct().Order().ToList();

        Expect.Equal(string.Join(", ", inSchemas), string.Join(", ", catalogued), "the catalogued action names");
    }

    [Fact]
    public void Each_action_pairs_its_own_request_and_confirmation_types()
    {
        foreach (var action in V16Actions.All)
        {
            Expect.Equal($"{action.Name}Request", action.RequestType.Name, $"the request type of {action.Name}");
            Expect.Equal($"{action.Name}Confirmation", action.ConfirmationType.Name, $"the confirmation type of {action.Name}");
        }
    }

    [Theory]
    [InlineData("BootNotification", V16ActionDirection.ChargePointToCentralSystem)]
    [InlineData("StopTransaction", V16ActionDirection.ChargePointToCentralSystem)]
    [InlineData("SecurityEventNotification", V16ActionDirection.ChargePointToCentralSystem)]
    [InlineData("RemoteStartTransaction", V16ActionDirection.CentralSystemToChargePoint)]
    [InlineData("GetLog", V16ActionDirection.CentralSystemToChargePoint)]
    [InlineData("DataTransfer", V16ActionDirection.Both)]
    public void Each_action_knows_who_sends_its_request(string name, V16ActionDirection direction)
    {
        Expect.Equal(direction, V16Actions.Get(name).Direction, $"the direction of {name}");
    }

    [Fact]
    public void Data_transfer_is_the_only_action_both_sides_send()
    {
        var both = V16Actions.All.Where(a => a.IsSentByChargePoint && a.IsSentByCentralSystem).Select(a => a.Name);

        Expect.Equal("DataTransfer", string.Join(", ", both), "the actions sent in both directions");
    }

    [Fact]
    public void An_unknown_action_is_not_in_the_catalogue()
    {
        Assert.False(V16Actions.TryGet("Teleport", out _), "Expected Teleport not to be a 1.6 action.");
        Assert.False(V16Schemas.IsKnownAction("Teleport"), "Expected Teleport to have no schema.");
        Assert.True(V16Schemas.IsKnownAction("Heartbeat"), "Expected Heartbeat to have a schema.");
    }
}
