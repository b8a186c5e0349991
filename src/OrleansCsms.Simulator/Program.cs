namespace OrleansCsms.Simulator;

internal static class Program
{
    public static Task<int> Main(string[] args) => SimulatorCommand.Create().Parse(args).InvokeAsync(SimulatorCommand.Invocation);
}
