using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansCsms.Runtime;

/// <summary>
/// The proxy behind a grain reference: turns an interface call into a <see cref="GrainCall"/> for the router
/// and adapts the untyped result back to the method's <see cref="Task{TResult}"/>.
/// </summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<Task<object?>, object>> Adapters = new();
    private static readonly MethodInfo CastMethod = typeof(GrainReference).GetMethod(nameof(CastAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private IGrainCallRouter _router = null!;
    private GrainId _id;
    private Type _interface = null!;

    /// <summary>The grain this reference points at.</summary>
    public GrainId GrainId => _id;

    internal static TGrain Create<TGrain>(IGrainCallRouter router, GrainId id) where TGrain : class, IGrain
    {
        var proxy = Create<TGrain, GrainReference>();
        var reference = (GrainReference)(object)proxy;
        reference._router = router;
        reference._id = id;
        reference._interface = typeof(TGrain);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var call = new GrainCall(_id, _interface, targetMethod, args ?? []);
        var result = _router.InvokeAsync(call, CancellationToken.None);
        return Adapters.GetOrAdd(targetMethod, CreateAdapter)(result);
    }

    private static Func<Task<object?>, object> CreateAdapter(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            return static task => task;
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var cast = CastMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]);
            return cast.CreateDelegate<Func<Task<object?>, object>>();
        }

        throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");
    }

    private static object CastAsync<T>(Task<object?> task) => CastCoreAsync<T>(task);

    private static async Task<T> CastCoreAsync<T>(Task<object?> task) => (T)(await task.ConfigureAwait(false))!;
}
