using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores",
    Justification = "Test names are sentences; underscores keep them readable in the runner's output.",
    Scope = "namespaceanddescendants", Target = "~N:OrleansCsms.Tests.Api")]

namespace OrleansCsms.Tests.Api;
