using OrleansCsms.Ocpp;

namespace OrleansCsms.Frontend.Ocpp;

/// <summary>The call handler of each OCPP version this server speaks.</summary>
internal sealed class OcppCallHandlers(V16.V16CallHandler v16, V201.V201CallHandler v201)
{
    public IOcppCallHandler For(OcppVersion version) => version switch
    {
        OcppVersion.V16 => v16,
        OcppVersion.V201 => v201,
        _ => throw new NotSupportedException($"OCPP {version} is not spoken yet."),
    };
}
