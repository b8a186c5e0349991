using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace OrleansCsms.Runtime;

/// <summary>
/// Invokes a grain method and hands back its result as a copy, as a call from another process would: an object
/// the grain keeps (its state, a list it goes on changing) must never be shared with a caller, who could read it
/// while a later turn changes it, or change it behind the grain's back.
/// </summary>
internal static class GrainResults
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<Task, Task<object?>>> Readers = new();
    private static readonly MethodInfo ReadCopyMethod = typeof(GrainResults).GetMethod(nameof(ReadCopyAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Task<object?> InvokeAsync(Grain instance, GrainCall call)
    {
        var task = (Task)call.Method.Invoke(instance, call.Arguments)!;
        return Readers.GetOrAdd(call.Method, CreateReader)(task);
    }

    /// <summary>A copy through the grain JSON shape; values that cannot change are returned as they are.</summary>
    public static T Copy<T>(T value) =>
        value is null || IsImmutable(typeof(T)) || IsImmutable(value.GetType())
            ? value
            : JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(value, GrainJson.Options), GrainJson.Options)!;

    private static bool IsImmutable(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(JsonElement);
    }

    private static Func<Task, Task<object?>> CreateReader(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return ReadCopyMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]).CreateDelegate<Func<Task, Task<object?>>>();
        }

        return static async task =>
        {
            await task.ConfigureAwait(false);
            return null;
        };
    }

    private static async Task<object?> ReadCopyAsync<T>(Task task) => Copy(await ((Task<T>)task).ConfigureAwait(false));
}
