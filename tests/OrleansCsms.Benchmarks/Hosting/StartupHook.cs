// The runtime looks for a type named StartupHook in the global namespace: that is the whole contract of
// DOTNET_STARTUP_HOOKS, so this one type cannot live in the project's namespace. It only hands over.

/// <summary>Entry point the runtime calls in the host process when the benchmark starts it with DOTNET_STARTUP_HOOKS.</summary>
internal static class StartupHook
{
    public static void Initialize() => OrleansCsms.Benchmarks.HostProbe.Start();
}
