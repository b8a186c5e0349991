using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using OrleansCsms.Runtime;

namespace OrleansCsms.Cluster;

/// <summary>A grain call on the wire: the target, the interface method by name and its arguments as JSON.</summary>
public sealed record GrainCallMessage(string GrainType, string Key, string Method, JsonElement[] Arguments);

/// <summary>A grain call's answer on the wire: the result, or the error that ended the call.</summary>
public sealed record GrainReplyMessage(JsonElement? Result, string? ErrorType = null, string? ErrorMessage = null);

/// <summary>Turns grain calls and results into JSON and back, typed by the grain interface's method signature.</summary>
public sealed class GrainCallCodec(GrainTypeRegistry types)
{
    private static readonly ConcurrentDictionary<(Type, string), MethodInfo> Methods = new();

    public static GrainCallMessage Encode(GrainCall call)
    {
        var parameters = call.Method.GetParameters();
        var arguments = new JsonElement[call.Arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = JsonSerializer.SerializeToElement(call.Arguments[i], parameters[i].ParameterType, GrainJson.Options);
        }

        return new GrainCallMessage(call.Target.Type, call.Target.Key, call.Method.Name, arguments);
    }

    public GrainCall Decode(GrainCallMessage message)
    {
        var grainInterface = types.Get(message.GrainType).Interface;
        var method = Methods.GetOrAdd((grainInterface, message.Method), static key =>
            key.Item1.GetMethods().SingleOrDefault(m => m.Name == key.Item2)
            ?? throw new InvalidOperationException($"{key.Item1.Name} has no method {key.Item2}."));
        var parameters = method.GetParameters();
        if (parameters.Length != message.Arguments.Length)
        {
            throw new InvalidOperationException($"{grainInterface.Name}.{method.Name} takes {parameters.Length} arguments, not {message.Arguments.Length}.");
        }

        var arguments = new object?[parameters.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = message.Arguments[i].Deserialize(parameters[i].ParameterType, GrainJson.Options);
        }

        return new GrainCall(new GrainId(message.GrainType, message.Key), grainInterface, method, arguments);
    }

    public static JsonElement? EncodeResult(MethodInfo method, object? result) =>
        ResultType(method) is { } type ? JsonSerializer.SerializeToElement(result, type, GrainJson.Options) : null;

    public static object? DecodeResult(MethodInfo method, JsonElement? result) =>
        ResultType(method) is { } type && result is { } json ? json.Deserialize(type, GrainJson.Options) : null;

    private static Type? ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : null;
}
