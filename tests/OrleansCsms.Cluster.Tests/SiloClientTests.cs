using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansCsms.Grains;
using OrleansCsms.Runtime;

namespace OrleansCsms.Cluster.Tests;

/// <summary>How a silo's HTTP answers are read; the transport is stubbed because a real silo cannot be made to answer these on demand.</summary>
public sealed class SiloClientTests
{
    private static readonly GrainCall Call = new(
        GrainId.For<IIdTagGrain>("TAG-1"), typeof(IIdTagGrain), typeof(IIdTagGrain).GetMethod(nameof(IIdTagGrain.AuthorizeAsync))!, []);

    [Theory]
    [InlineData(HttpStatusCode.MisdirectedRequest)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_silo_that_no_longer_owns_the_partition_is_a_retry(HttpStatusCode status)
    {
        var outcome = await ClientAnswering(status, "").TryInvokeAsync("http://127.0.0.1:1", Call, CancellationToken.None);

        Assert.False(outcome.Delivered, $"HTTP {(int)status} must make the caller re-resolve and retry, not deliver a result.");
    }

    [Fact]
    public async Task An_error_page_is_never_read_as_a_grain_result()
    {
        var client = ClientAnswering(HttpStatusCode.InternalServerError, """{"title":"An error occurred"}""");

        var error = await Assert.ThrowsAsync<RemoteGrainException>(() => client.TryInvokeAsync("http://127.0.0.1:1", Call, CancellationToken.None));

        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grain_result_is_decoded_with_the_methods_return_type()
    {
        var client = ClientAnswering(HttpStatusCode.OK, """{"result":{"status":"Blocked","parentIdTag":"P-1"}}""");

        var outcome = await client.TryInvokeAsync("http://127.0.0.1:1", Call, CancellationToken.None);

        Assert.True(outcome.Delivered);
        Assert.Equal(new IdTagInfo("Blocked", null, "P-1"), outcome.Result);
    }

    [Fact]
    public async Task A_lost_version_race_on_the_silo_is_the_same_exception_here()
    {
        var client = ClientAnswering(HttpStatusCode.OK, """{"errorType":"InconsistentStateException","errorMessage":"stale"}""");

        await Assert.ThrowsAsync<InconsistentStateException>(() => client.TryInvokeAsync("http://127.0.0.1:1", Call, CancellationToken.None));
    }

    private static SiloClient ClientAnswering(HttpStatusCode status, string body) =>
        new(new HttpClient(new StubHandler(status, body)), Options.Create(new ClusterOptions { Secret = "test-secret", AdvertisedAddress = "http://127.0.0.1:1" }));

    private sealed class StubHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
