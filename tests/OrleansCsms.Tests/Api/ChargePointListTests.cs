using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class ChargePointListTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task Paging_through_the_list_finds_every_registered_charge_point_once()
    {
        var ids = await RegisterAsync(3);
        var seen = new List<string>();
        long? total = null;

        for (var page = 1; total is null || (page - 1) * 2 < total; page++)
        {
            var body = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points?page={page}&pageSize=2"), HttpStatusCode.OK);
            Assert.Equal(page, body.GetProperty("page").GetInt32());
            Assert.Equal(2, body.GetProperty("pageSize").GetInt32());
            var items = body.GetProperty("items");
            Assert.True(items.GetArrayLength() <= 2, $"Expected at most 2 items on a page of 2: {body}");
            total = body.GetProperty("totalCount").GetInt64();
            seen.AddRange(items.EnumerateArray().Select(i => i.GetString("id")));
        }

        Assert.True(total >= 3, $"Expected at least the 3 registered charge points in totalCount, got {total}");
        foreach (var id in ids)
        {
            Assert.True(seen.Count(s => s == id) == 1, $"Expected '{id}' exactly once across the pages, saw it {seen.Count(s => s == id)} times");
        }
    }

    [Fact]
    public async Task Searching_finds_charge_points_by_part_of_their_id_or_description_whatever_its_case()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var byId = $"S{marker}-A";
        var byDescription = Fresh.ChargePointId();
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id = byId }), HttpStatusCode.Created);
        await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id = byDescription, description = $"Depot {marker.ToUpperInvariant()} bay 2" }), HttpStatusCode.Created);

        var body = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points?search={marker}"), HttpStatusCode.OK);
        var found = body.GetProperty("items").EnumerateArray().Select(i => i.GetString("id")).Order(StringComparer.Ordinal).ToList();
        var wildcard = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/charge-points?search={marker}%25"), HttpStatusCode.OK);

        Assert.True(found.SequenceEqual(new[] { byDescription, byId }.Order(StringComparer.Ordinal)), $"Expected the search for '{marker}' to find {byId} and {byDescription}, but got {string.Join(", ", found)}.");
        Assert.True(wildcard.GetProperty("totalCount").GetInt64() == 0, $"Expected '%' in a search to match only itself, but got {wildcard}.");
    }

    [Fact]
    public async Task Filtering_by_connection_lists_only_matching_charge_points()
    {
        var ids = await RegisterAsync(2);

        var offline = await ApiAssert.JsonAsync(await Api.GetAsync("/api/charge-points?connected=false&pageSize=500"), HttpStatusCode.OK);
        var online = await ApiAssert.JsonAsync(await Api.GetAsync("/api/charge-points?connected=true&pageSize=500"), HttpStatusCode.OK);

        Assert.All(offline.GetProperty("items").EnumerateArray(), i => Assert.False(i.GetProperty("connected").GetBoolean(), $"Expected only disconnected ones: {i}"));
        Assert.All(online.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("connected").GetBoolean(), $"Expected only connected ones: {i}"));
        var offlineIds = Ids(offline);
        Assert.All(ids, id => Assert.True(offlineIds.Contains(id), $"Expected never-connected '{id}' among connected=false"));
        Assert.All(ids, id => Assert.False(Ids(online).Contains(id), $"Expected never-connected '{id}' not among connected=true"));
    }

    [Fact]
    public async Task Filtering_by_status_lists_only_charge_points_with_that_status()
    {
        var ids = await RegisterAsync(1);

        var available = await ApiAssert.JsonAsync(await Api.GetAsync("/api/charge-points?status=Available&pageSize=500"), HttpStatusCode.OK);

        Assert.All(available.GetProperty("items").EnumerateArray(), i => Assert.Equal("Available", i.GetString("status")));
        Assert.DoesNotContain(ids[0], Ids(available));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=501")]
    public async Task Out_of_range_paging_is_a_validation_problem(string query)
    {
        var response = await Api.GetAsync($"/api/charge-points?{query}");

        await ApiAssert.ValidationProblemAsync(response, query.Split('=')[0]);
    }

    [Theory]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=1.5", "pageSize")]
    [InlineData("connected=maybe", "connected")]
    public async Task Unparsable_query_values_are_a_validation_problem_naming_them(string query, string field)
    {
        var response = await Api.GetAsync($"/api/charge-points?{query}");

        await ApiAssert.ValidationProblemAsync(response, field);
    }

    private static HashSet<string> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetString("id"))];

    private async Task<string[]> RegisterAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Fresh.ChargePointId()).ToArray();
        foreach (var id in ids)
        {
            await ApiAssert.JsonAsync(await Api.PostAsJsonAsync("/api/charge-points", new { id }), HttpStatusCode.Created);
        }

        return ids;
    }
}
