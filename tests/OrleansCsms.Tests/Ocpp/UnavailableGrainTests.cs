using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansCsms.Runtime;
using OrleansCsms.Tests.Infrastructure;

namespace OrleansCsms.Tests.Ocpp;

/// <summary>A host whose grains cannot be reached, as when a silo died and no other took its partitions over yet.</summary>
public sealed class UnreachableGrainsHostFixture : IAsyncLifetime
{
    public CsmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CsmsHost.StartAsync(
        new Dictionary<string, string?> { ["Ocpp:Admission"] = "closed" },
        services: s => s.Replace(ServiceDescriptor.Singleton<IGrainCallRouter, UnreachableGrains>()));

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private sealed class UnreachableGrains : IGrainCallRouter
    {
        public Task<object?> InvokeAsync(GrainCall call, CancellationToken cancellationToken) =>
            Task.FromException<object?>(new GrainUnavailableException($"No silo serves {call.Target}."));
    }
}

public sealed class UnavailableGrainTests(UnreachableGrainsHostFixture fixture) : IClassFixture<UnreachableGrainsHostFixture>
{
    [Fact]
    public async Task An_operator_request_for_an_unreachable_grain_is_a_503_problem_to_retry()
    {
        var response = await fixture.Host.Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId()}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"Expected 503 when no silo serves the grain, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
