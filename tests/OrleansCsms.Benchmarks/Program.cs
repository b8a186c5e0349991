namespace OrleansCsms.Benchmarks;

internal static class Program
{
    public static Task<int> Main(string[] args) => BenchmarkCommand.Create().Parse(args).InvokeAsync(BenchmarkCommand.Invocation);
}
