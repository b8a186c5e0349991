using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace OrleansCsms.Tests.Api;

/// <summary>A host with small file limits and a public base URL of its own, for the file transfer tests.</summary>
public sealed class SmallFileLimitsHostFixture : IAsyncLifetime
{
    public const int MaxUploadBytes = 1024;
    public const int MaxFirmwareBytes = 2048;
    public const string PublicBaseUrl = "https://csms.example.com/ev";

    private CsmsHost? _host;

    public CsmsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public async Task InitializeAsync() => _host = await CsmsHost.StartAsync(new Dictionary<string, string?>
    {
        ["Files:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Files:MaxFirmwareBytes"] = MaxFirmwareBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Files:PublicBaseUrl"] = PublicBaseUrl,
    });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>
/// Firmware files served and diagnostics and logs taken by the CSMS over real HTTP: round trips, size limits (413 and
/// nothing kept) and URLs whose token is unknown (404).
/// </summary>
public sealed class FileTransferTests(SmallFileLimitsHostFixture fixture) : IClassFixture<SmallFileLimitsHostFixture>
{
    private CsmsHost Host => fixture.Host;

    [Fact]
    public async Task A_firmware_file_is_served_at_its_public_url_byte_for_byte_until_it_is_deleted()
    {
        var firmware = RandomNumberGenerator.GetBytes(SmallFileLimitsHostFixture.MaxFirmwareBytes);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(firmware), "file", "cp fw 1.2.bin" } };

        var file = await ApiAssert.JsonAsync(await Host.Api.PostAsync("/api/firmware-files", form), HttpStatusCode.Created);

        var url = file.GetString("url");
        Assert.True(url.StartsWith($"{SmallFileLimitsHostFixture.PublicBaseUrl}/files/firmware/", StringComparison.Ordinal) && url.EndsWith("/cp_fw_1.2.bin", StringComparison.Ordinal),
            $"Expected the firmware URL under the public base URL with a safe file name, but it was {url}.");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(firmware)), file.GetString("sha256"));
        var local = new Uri(Host.BaseAddress, new Uri(url).AbsolutePath["/ev".Length..]);
        using var chargePoint = new HttpClient();
        Assert.Equal(firmware, await chargePoint.GetByteArrayAsync(local));
        using var range = new HttpRequestMessage(HttpMethod.Get, local) { Headers = { Range = new RangeHeaderValue(10, 19) } };
        var partial = await chargePoint.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(firmware[10..20], await partial.Content.ReadAsByteArrayAsync());

        await ApiAssert.NoContentAsync(await Host.Api.DeleteAsync($"/api/firmware-files/{file.GetString("fileId")}"));
        await ApiAssert.ProblemAsync(await chargePoint.GetAsync(local), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/firmware-files/{file.GetString("fileId")}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_firmware_file_over_the_limit_is_413_and_nothing_is_kept()
    {
        var tooBig = new ByteArrayContent(new byte[SmallFileLimitsHostFixture.MaxFirmwareBytes + 1]);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[SmallFileLimitsHostFixture.MaxFirmwareBytes + 1]), "file", "big.bin" } };

        await ApiAssert.ProblemAsync(await Host.Api.PostAsync("/api/firmware-files?fileName=big.bin", tooBig), HttpStatusCode.RequestEntityTooLarge);
        await ApiAssert.ProblemAsync(await Host.Api.PostAsync("/api/firmware-files", form), HttpStatusCode.RequestEntityTooLarge);

        Assert.Empty(FilesUnder("firmware"));
    }

    [Fact]
    public async Task A_diagnostics_upload_by_put_reaches_the_operator_with_its_name()
    {
        var (chargePoint, jobId, location) = await DiagnosticsJobAsync();
        await using var _ = chargePoint;
        var diagnostics = RandomNumberGenerator.GetBytes(SmallFileLimitsHostFixture.MaxUploadBytes);

        var uploaded = await UploadAsync(HttpMethod.Put, location + "cp-diag.tar.gz", new ByteArrayContent(diagnostics));

        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        var download = await Host.Api.GetAsync($"/api/jobs/{jobId}/file");
        Assert.Equal(diagnostics, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("cp-diag.tar.gz", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_413_and_nothing_is_kept()
    {
        var (chargePoint, jobId, location) = await DiagnosticsJobAsync();
        await using var _ = chargePoint;
        var tooBig = new byte[SmallFileLimitsHostFixture.MaxUploadBytes + 1];
        using var form = new MultipartFormDataContent { { new ByteArrayContent(tooBig), "file", "diag.zip" } };

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await UploadAsync(HttpMethod.Put, location, new ByteArrayContent(tooBig))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await UploadAsync(HttpMethod.Post, location, form)).StatusCode);

        var job = await ApiAssert.JsonAsync(await Host.Api.GetAsync($"/api/jobs/{jobId}"), HttpStatusCode.OK);
        Assert.True(job.GetProperty("upload").ValueKind == JsonValueKind.Null, $"Expected no upload recorded after a refused one, but the job is {job}.");
        Assert.DoesNotContain(FilesUnder("uploads"), f => Path.GetFileName(f).StartsWith($"{jobId}", StringComparison.Ordinal));
        await ApiAssert.ProblemAsync(await Host.Api.GetAsync($"/api/jobs/{jobId}/file"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Upload_urls_with_an_unknown_job_or_token_are_not_found()
    {
        var (chargePoint, jobId, location) = await DiagnosticsJobAsync();
        await using var _ = chargePoint;
        var secret = location.TrimEnd('/').Split('/')[^1];
        var wrongSecret = new string([.. secret.Reverse()]);
        var operatorsLocation = await ApiAssert.JsonAsync(
            await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/get-diagnostics", new { location = "ftp://logs.example.com/" }), HttpStatusCode.Created);

        foreach (var path in new[]
        {
            $"/files/uploads/{jobId}/{wrongSecret}/",
            $"/files/uploads/{int.MaxValue}/{secret}/",
            $"/files/uploads/x{jobId}/{secret}/",
            $"/files/uploads/{jobId}/{secret}x/",
            $"/files/uploads/{operatorsLocation.GetProperty("jobId").GetInt32()}/{secret}/",
            $"/files/firmware/{secret}/fw.bin",
            "/files/firmware/..%2F..%2Fetc/passwd",
        })
        {
            var method = path.StartsWith("/files/uploads", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get;
            var response = await UploadAsync(method, new Uri(Host.BaseAddress, path).ToString(), new ByteArrayContent([1, 2, 3]));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"Expected {method} {path} to be 404, but it was {(int)response.StatusCode}.");
        }

        Assert.DoesNotContain(FilesUnder("uploads"), f => Path.GetFileName(f).StartsWith($"{jobId}", StringComparison.Ordinal));
    }

    /// <summary>A connected charge point and a GetDiagnostics job uploading to the CSMS; the location is turned from the public base to this host.</summary>
    private async Task<(TestChargePoint ChargePoint, int JobId, string Location)> DiagnosticsJobAsync()
    {
        var chargePoint = await TestChargePoint.ConnectAsync(Host, Fresh.ChargePointId());
        chargePoint.OnServerCall = (_, _) => ServerCallAnswer.Result(new { fileName = "diag.zip" });
        var job = await ApiAssert.JsonAsync(await Host.Api.PostAsJsonAsync($"/api/charge-points/{chargePoint.Id}/get-diagnostics", new { }), HttpStatusCode.Created);
        var sent = chargePoint.ServerCalls.Single().Payload.GetString("location");
        Assert.StartsWith($"{SmallFileLimitsHostFixture.PublicBaseUrl}/files/uploads/", sent, StringComparison.Ordinal);
        return (chargePoint, job.GetProperty("jobId").GetInt32(), new Uri(Host.BaseAddress, new Uri(sent).AbsolutePath["/ev".Length..]).ToString());
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpMethod method, string url, HttpContent content)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(method, url) { Content = content };
        return await client.SendAsync(request);
    }

    private IEnumerable<string> FilesUnder(string folder)
    {
        var directory = Path.Combine(Host.FilesDirectory, folder);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory) : [];
    }
}
