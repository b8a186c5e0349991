using System.Net;
using System.Net.Http.Json;

namespace OrleansCsms.Tests.Api.Accounts;

public sealed class RoleTests(SecuredHostFixture fixture) : IClassFixture<SecuredHostFixture>
{
    [Fact]
    public async Task A_viewer_cannot_send_a_command_but_an_operator_can()
    {
        var id = Fresh.ChargePointId();
        using var admin = await fixture.AdminAsync();
        await ApiAssert.JsonAsync(await admin.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);
        await using var chargePoint = await TestChargePoint.ConnectAsync(fixture.Host, id);
        using var viewer = await fixture.ClientWithRoleAsync("viewer");
        using var @operator = await fixture.ClientWithRoleAsync("operator");

        var refused = await viewer.PostAsJsonAsync($"/api/charge-points/{id}/reset", new { type = "Soft" });
        var sent = await @operator.PostAsJsonAsync($"/api/charge-points/{id}/reset", new { type = "Soft" });

        await ApiAssert.ProblemAsync(refused, HttpStatusCode.Forbidden);
        var answer = await ApiAssert.JsonAsync(sent, HttpStatusCode.OK);
        Assert.True(answer.GetString("status") == "Accepted", $"Expected the operator's reset to reach the charge point and be Accepted: {answer}");
    }

    [Fact]
    public async Task A_viewer_reads_everything()
    {
        using var viewer = await fixture.ClientWithRoleAsync("viewer");

        await ApiAssert.JsonAsync(await viewer.GetAsync("/api/charge-points"), HttpStatusCode.OK);
        await ApiAssert.JsonAsync(await viewer.GetAsync("/api/id-tags"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_operator_cannot_manage_accounts()
    {
        using var @operator = await fixture.ClientWithRoleAsync("operator");

        await ApiAssert.ProblemAsync(await @operator.GetAsync("/api/accounts"), HttpStatusCode.Forbidden);
        await ApiAssert.ProblemAsync(await @operator.PostAsJsonAsync("/api/accounts", new { name = "sneaky", password = "sneaky-password", role = "admin" }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_request_without_credentials_is_an_unauthorized_problem_once_accounts_exist()
    {
        await ApiAssert.ProblemAsync(await fixture.Host.Api.GetAsync("/api/charge-points"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_api_key_with_the_viewer_role_reads_but_cannot_write()
    {
        using var client = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", SecuredHostFixture.ViewerKey);

        await ApiAssert.JsonAsync(await client.GetAsync("/api/charge-points"), HttpStatusCode.OK);
        await ApiAssert.ProblemAsync(await client.PostAsJsonAsync("/api/charge-points", new { id = Fresh.ChargePointId() }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_empty_api_key_is_no_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/charge-points");
        request.Headers.TryAddWithoutValidation("X-Api-Key", "");

        await ApiAssert.ProblemAsync(await fixture.Host.Api.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_charge_point_is_refused_by_default_once_accounts_exist()
    {
        var id = Fresh.ChargePointId();

        var status = await TestChargePoint.RefusalAsync(fixture.Host.OcppUri(id), id);

        Assert.True(status == HttpStatusCode.NotFound, $"Expected an unknown charge point to be refused with 404 when accounts exist and Ocpp:Admission is unset, but got {status}.");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        using var admin = await fixture.AdminAsync();
        var description = new string('x', SecuredHostFixture.MaxBodyBytes * 2);

        var announced = await admin.PostAsJsonAsync("/api/charge-points", new { id = Fresh.ChargePointId(), description });
        var chunked = await admin.PostAsync("/api/charge-points", new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""{"id":"{{Fresh.ChargePointId()}}","description":"{{description}}"}""")))
        {
            Headers = { ContentType = new("application/json") },
        });

        await ApiAssert.ProblemAsync(announced, HttpStatusCode.RequestEntityTooLarge);
        await ApiAssert.ProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge);
    }
}
