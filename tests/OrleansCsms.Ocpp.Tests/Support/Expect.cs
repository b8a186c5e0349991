namespace OrleansCsms.Ocpp.Tests;

/// <summary>Equality assertions whose failure message names what was being checked.</summary>
internal static class Expect
{
    public static void Equal<T>(T expected, T actual, string what)
    {
        Assert.True(
            EqualityComparer<T>.Default.Equals(expected, actual),
            $"Expected {what} to be <{expected}> but it was <{actual}>.");
    }
}
