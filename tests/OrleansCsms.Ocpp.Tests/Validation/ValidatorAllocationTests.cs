using OrleansCsms.Ocpp.V16;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Ocpp.Tests.Validation;

/// <summary>Validation runs on every frame; the valid path must not feed the garbage collector.</summary>
public sealed class ValidatorAllocationTests
{
    [Theory]
    [MemberData(nameof(CoreSamples.ActionData), MemberType = typeof(CoreSamples))]
    public void Validating_a_valid_core_request_allocates_nothing(string action)
    {
        var payload = CoreSamples.RequestElement(action);
        V16Schemas.ValidateRequest(action, payload);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            V16Schemas.ValidateRequest(action, payload);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Expect.Equal(0L, allocated, $"the bytes allocated by validating {action}.req 100 times");
    }

    [Theory]
    [MemberData(nameof(V201Samples.ActionData), MemberType = typeof(V201Samples))]
    public void Validating_a_valid_2_0_1_request_allocates_nothing(string action)
    {
        var payload = V201Samples.RequestElement(action);
        V201Schemas.ValidateRequest(action, payload);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            V201Schemas.ValidateRequest(action, payload);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Expect.Equal(0L, allocated, $"the bytes allocated by validating {action}.req 100 times");
    }
}
