using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
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

    /// <summary>Prefix of charge point ids whose grain fails to activate because storage cannot be read.</summary>
    public const string UnreadableStatePrefix = "UNREADABLE";

    /// <summary>Prefix of charge point ids whose call finds its gateway gone, as a front-end's does when that silo was just killed.</summary>
    public const string GoneGatewayPrefix = "NOGATEWAY";

    private sealed class UnreachableGrains : IOutgoingGrainCallFilter
    {
        // Only the domain grains are out of reach: the silo's own system calls go through.
        public Task Invoke(IOutgoingGrainCallContext context) => context.TargetId.Type.ToString() switch
        {
            GrainTypes.ChargePoint when context.TargetId.Key.ToString()!.StartsWith(UnreadableStatePrefix, StringComparison.Ordinal) =>
                // As Orleans reports an activation whose state read failed, e.g. on a pooled connection PostgreSQL cut while restarting.
                throw new OrleansException(
                    $"Error from storage provider CsmsGrainStorage.state during ReadStateAsync for grain {context.TargetId}",
                    new NpgsqlException("57P01: terminating connection due to administrator command")),
            GrainTypes.ChargePoint when context.TargetId.Key.ToString()!.StartsWith(GoneGatewayPrefix, StringComparison.Ordinal) =>
                throw new Orleans.Runtime.Messaging.ConnectionFailedException("Unable to connect to endpoint S127.0.0.1:30000:0. Error: ConnectionRefused"),
            GrainTypes.ChargePoint or GrainTypes.IdTag or GrainTypes.Transaction => throw new SiloUnavailableException($"No silo serves {context.TargetId}."),
            _ => context.Invoke(),
        };
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

    [Fact]
    public async Task An_operator_request_that_finds_its_gateway_gone_is_a_503_problem_to_retry()
    {
        var response = await fixture.Host.Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId(UnreachableGrainsHostFixture.GoneGatewayPrefix)}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
            $"Expected 503 when the silo this front-end used as its gateway has just died, got {(int)response.StatusCode}: {body}");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task An_operator_request_for_a_grain_that_cannot_read_its_state_is_a_503_problem_to_retry()
    {
        var response = await fixture.Host.Api.GetAsync($"/api/charge-points/{Fresh.ChargePointId(UnreachableGrainsHostFixture.UnreadableStatePrefix)}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable,
            $"Expected 503 when the grain's storage cannot be read (Orleans wraps the storage exception), got {(int)response.StatusCode}: {body}");
        Assert.Contains("Storage is not answering", body, StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
