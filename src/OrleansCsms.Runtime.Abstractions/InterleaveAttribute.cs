namespace OrleansCsms.Runtime;

/// <summary>
/// Marks a grain interface method that may run interleaved with other turns (Orleans' AlwaysInterleave).
/// Use only for methods that spend their time waiting on something outside the grain and touch no state,
/// such as waiting for a charge point to answer a call: holding the turn would block the charge point's
/// own messages behind its reply.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class InterleaveAttribute : Attribute;
