using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Api;

[Collection(CsmsCollection.Name)]
public sealed class IdTagsApiTests(CsmsHostFixture fixture)
{
    private HttpClient Api => fixture.Host.Api;

    [Fact]
    public async Task Putting_a_new_id_tag_creates_it_and_putting_it_again_replaces_it()
    {
        var tag = Fresh.IdTag();

        var created = await Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted", expiryDate = "2030-01-01T00:00:00Z" });
        var createdBody = await ApiAssert.JsonAsync(created, HttpStatusCode.Created);
        Assert.True(created.Headers.Location?.OriginalString == $"/api/id-tags/{tag}", $"Expected Location /api/id-tags/{tag} but got '{created.Headers.Location}'");
        Assert.Equal("Accepted", createdBody.GetString("status"));

        var parent = Fresh.IdTag();
        var replaced = await ApiAssert.JsonAsync(
            await Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Blocked", parentIdTag = parent }), HttpStatusCode.OK);
        Assert.Equal("Blocked", replaced.GetString("status"));
        Assert.Equal(parent, replaced.GetString("parentIdTag"));
        Assert.Equal(JsonValueKind.Null, replaced.GetProperty("expiryDate").ValueKind);

        var read = await ApiAssert.JsonAsync(await Api.GetAsync($"/api/id-tags/{tag}"), HttpStatusCode.OK);
        Assert.Equal(tag, read.GetString("idTag"));
        Assert.Equal("Blocked", read.GetString("status"));
    }

    [Fact]
    public async Task A_deleted_id_tag_is_gone_and_deleting_it_again_is_not_found()
    {
        var tag = Fresh.IdTag();
        await ApiAssert.JsonAsync(await Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted" }), HttpStatusCode.Created);

        await ApiAssert.NoContentAsync(await Api.DeleteAsync($"/api/id-tags/{tag}"));

        await ApiAssert.ProblemAsync(await Api.GetAsync($"/api/id-tags/{tag}"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Api.DeleteAsync($"/api/id-tags/{tag}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Getting_an_unknown_id_tag_is_a_not_found_problem()
    {
        await ApiAssert.ProblemAsync(await Api.GetAsync($"/api/id-tags/{Fresh.IdTag()}"), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("Unknown")]
    [InlineData("accepted")]
    [InlineData("ConcurrentTx")]
    public async Task A_status_other_than_accepted_blocked_expired_or_invalid_is_rejected(string status)
    {
        var response = await Api.PutAsJsonAsync($"/api/id-tags/{Fresh.IdTag()}", new { status });

        await ApiAssert.ValidationProblemAsync(response, "status");
    }

    [Fact]
    public async Task A_missing_status_is_rejected()
    {
        await ApiAssert.ValidationProblemAsync(await Api.PutAsJsonAsync($"/api/id-tags/{Fresh.IdTag()}", new { }), "status");
    }

    [Fact]
    public async Task An_id_tag_longer_than_36_characters_is_rejected()
    {
        var response = await Api.PutAsJsonAsync($"/api/id-tags/{new string('A', 37)}", new { status = "Accepted" });

        await ApiAssert.ValidationProblemAsync(response, "idTag");
    }

    [Fact]
    public async Task A_parent_id_tag_longer_than_36_characters_is_rejected()
    {
        var response = await Api.PutAsJsonAsync($"/api/id-tags/{Fresh.IdTag()}", new { status = "Accepted", parentIdTag = new string('P', 37) });

        await ApiAssert.ValidationProblemAsync(response, "parentIdTag");
    }

    [Fact]
    public async Task An_expiry_date_that_is_not_a_date_is_rejected()
    {
        var response = await Api.PutAsync($"/api/id-tags/{Fresh.IdTag()}", ApiAssert.RawJson("""{"status":"Accepted","expiryDate":"tomorrow"}"""));

        await ApiAssert.ValidationProblemAsync(response, "$.expiryDate");
    }

    [Fact]
    public async Task Listing_id_tags_pages_through_them_in_tag_order()
    {
        var tags = new[] { Fresh.IdTag(), Fresh.IdTag() };
        foreach (var tag in tags)
        {
            await ApiAssert.JsonAsync(await Api.PutAsJsonAsync($"/api/id-tags/{tag}", new { status = "Accepted" }), HttpStatusCode.Created);
        }

        var body = await ApiAssert.JsonAsync(await Api.GetAsync("/api/id-tags?page=1&pageSize=500"), HttpStatusCode.OK);

        var listed = body.GetProperty("items").EnumerateArray().Select(i => i.GetString("idTag")).ToList();
        Assert.All(tags, t => Assert.Contains(t, listed));
        var (first, second) = string.CompareOrdinal(tags[0], tags[1]) < 0 ? (tags[0], tags[1]) : (tags[1], tags[0]);
        Assert.True(listed.IndexOf(first) < listed.IndexOf(second), $"Expected '{first}' listed before '{second}': {string.Join(", ", listed)}");
        Assert.True(body.GetProperty("totalCount").GetInt64() >= 2, $"Expected totalCount to count both tags: {body}");
        Assert.Equal(500, body.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task Listing_id_tags_with_a_page_size_over_500_is_rejected()
    {
        await ApiAssert.ValidationProblemAsync(await Api.GetAsync("/api/id-tags?pageSize=501"), "pageSize");
    }
}
