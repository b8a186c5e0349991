using OrleansCsms.Ocpp.V16;

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
}
