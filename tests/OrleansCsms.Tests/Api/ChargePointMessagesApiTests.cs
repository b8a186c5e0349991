using System.Net;
using System.Net.Http.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ChargePointMessagesApiTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task A_charge_point_that_never_spoke_has_an_empty_message_log()
    {
        var id = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);

        var body = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points/{id}/messages?pageSize=5"), HttpStatusCode.OK);

        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        Assert.Equal(0, body.GetProperty("totalCount").GetInt64());
        Assert.Equal(5, body.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task The_message_log_of_an_unknown_charge_point_is_not_found()
    {
        await ApiAssert.ProblemAsync(await Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}/messages"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Out_of_range_paging_of_the_message_log_is_a_validation_problem()
    {
        var response = await Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}/messages?page=0&pageSize=1000");

        await ApiAssert.ValidationProblemAsync(response, "page", "pageSize");
    }
}
