namespace OrleansCsms.Storage;

/// <summary>
/// Grain type names as stored in grain_state.grain_type. They are literals, not computed, because the
/// partial indexes in the migrations name them literally and a query only uses an index whose predicate it repeats.
/// </summary>
internal static class GrainTypes
{
    public const string ChargePoint = "ChargePoint";
    public const string Transaction = "Transaction";
    public const string IdTag = "IdTag";
}
