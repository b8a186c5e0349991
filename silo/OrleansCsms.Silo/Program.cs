using OrleansCsms.Frontend;
using OrleansCsms.Runtime;
using OrleansCsms.Silo;
using OrleansCsms.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddCsmsStorage(builder.Configuration);
builder.Services.AddLocalGrainRuntime();
builder.Services.AddCsmsGrains();
builder.Services.AddCsmsFrontend();
builder.Services.AddEmbeddedHost();

var app = builder.Build();
app.UseCsmsFrontend();
app.Run();

/// <summary>The embedded host: one process with a front-end, a silo and storage.</summary>
public partial class Program;
