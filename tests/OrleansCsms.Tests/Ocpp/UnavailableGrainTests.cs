using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Ocpp;

/// <summary>A host whose grains cannot be reached, as when a silo died and its grains are not yet serving on a survivor.</summary>
public sealed class UnreachableGrainsHostFixture : IAsyncLifetime
{
    public CsmsHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CsmsHost.StartAsync(
        new Dictionary<string, string?> { ["Ocpp:Admission"] = "closed" },
        services: s => s.AddSingleton<IOutgoingGrainCallFilter, UnreachableGrains>());

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private sealed class UnreachableGrains : IOutgoingGrainCallFilter
    {
        // Only the domain grains are out of reach: the silo's own system calls go through.
        public Task Invoke(IOutgoingGrainCallContext context) =>
            context.TargetId.Type.ToString() is GrainTypes.ChargePoint or GrainTypes.IdTag or GrainTypes.Transaction
                ? throw new SiloUnavailableException($"No silo serves {context.TargetId}.")
                : context.Invoke();
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
