using System.Net;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class TransactionsApiTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Theory]
    [InlineData("2147483647")]
    [InlineData("not-a-number")]
    [InlineData("99999999999")]
    [InlineData("-1")]
    public async Task A_transaction_that_does_not_exist_is_a_not_found_problem(string id)
    {
        var response = await Api.GetAsync($"/api/transactions/{id}");

        await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Listing_the_transactions_of_a_charge_point_without_any_is_an_empty_page()
    {
        var body = await ApiAssert.JsonAsync(
            await Api.GetAsync($"/api/transactions?chargePointId={Fresh.ChargePointId()}&from=2024-01-01T00:00:00Z&to=2030-01-01&active=true&page=1&pageSize=10"),
            HttpStatusCode.OK);

        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        Assert.Equal(0, body.GetProperty("totalCount").GetInt64());
        Assert.Equal(1, body.GetProperty("page").GetInt32());
        Assert.Equal(10, body.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task A_time_offset_with_an_unencoded_plus_is_still_read_as_an_offset()
    {
        var response = await Api.GetAsync($"/api/transactions?idTag={Fresh.IdTag()}&from=2024-01-01T00:00:00+02:00");

        await ApiAssert.JsonAsync(response, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2024-13-01T00:00:00Z", "to")]
    [InlineData("from=01/02/2024", "from")]
    [InlineData("from=2024-02-01T00:00:00Z&to=2024-01-01T00:00:00Z", "to")]
    [InlineData("active=sometimes", "active")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=501", "pageSize")]
    [InlineData("page=first", "page")]
    public async Task Bad_query_parameters_are_a_validation_problem_naming_them(string query, string field)
    {
        var response = await Api.GetAsync($"/api/transactions?{query}");

        await ApiAssert.ValidationProblemAsync(response, field);
    }
}
