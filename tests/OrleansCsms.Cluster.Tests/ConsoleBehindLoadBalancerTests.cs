using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using OrleansCsms.Cluster.Tests.Infrastructure;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace OrleansCsms.Cluster.Tests;

/// <summary>
/// The console tried as an operator would, on a cluster behind HAProxy: a 1.6 charge point connected through HAProxy and
/// a 2.0.1 station connected straight to the second front-end, both found on the map, one public page reached by
/// decoding its QR code, a session started and stopped on each from its page and watched live, the sessions exported.
/// </summary>
[Collection(ConsoleBehindLoadBalancerCollection.Name)]
public sealed class ConsoleBehindLoadBalancerTests(BalancedConsole console)
{
    private static readonly TimeSpan ChargePointAnswer = TimeSpan.FromSeconds(30);

    static ConsoleBehindLoadBalancerTests() => Assertions.SetDefaultExpectTimeout(45_000);

    [Fact]
    public async Task An_operator_finds_charge_points_on_the_map_scans_a_QR_code_runs_live_sessions_on_16_and_201_and_exports_them_through_HAProxy()
    {
        var tag = await console.AcceptedTagAsync();
        var (id16, id201) = (Fresh.ChargePointId("LB16"), Fresh.ChargePointId("LB201"));
        await using var v16 = await ConnectedAsync(() => TestChargePoint.ConnectAsync(console.Balancer.OcppUri(id16), id16), $"{id16} through HAProxy");
        await using var v201 = await ConnectedAsync(() => TestChargePoint.ConnectV201Async(console.Cluster.FrontEnds[1].OcppUri(id201), id201), $"{id201} on {console.Cluster.FrontEnds[1]}");
        await BootAsync(v16, v201);
        await console.LocateAsync(v16.Id, 52.3731, 4.8926);
        await console.LocateAsync(v201.Id, 51.9244, 4.4777);
        var page = await console.SignedInPageAsync(BalancedConsole.OperatorName, BalancedConsole.OperatorPassword);

        await page.GotoAsync("/console/map");
        await Assertions.Expect(page.Locator($"[data-marker='{v201.Id}']")).ToBeVisibleAsync();
        await page.Locator($"[data-marker='{v16.Id}'] circle").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/console/charge-points/{v16.Id}");

        var scanned = await DecodeQrCodeAsync(page.Locator("img.qr"));
        Assert.True(scanned == new Uri(console.Balancer.BaseAddress, $"/charge/{v16.Id}").ToString(),
            $"Expected the QR code on {v16.Id}'s page to encode its public page under HAProxy's address, but it encodes '{scanned}'.");
        var landing = await page.Context.NewPageAsync();
        var opened = await landing.GotoAsync(scanned);
        Assert.True(opened?.Status == 200, $"Expected the scanned public page {scanned} to open, but got {opened?.Status}.");
        await Assertions.Expect(landing.Locator("main")).ToContainTextAsync("Available");
        await landing.CloseAsync();

        var transaction16 = await RunV16SessionAsync(page, v16, tag);
        var transaction201 = await StartV201SessionAsync(page, v201, tag);

        await page.GotoAsync("/console");
        await Assertions.Expect(page.Locator("[data-counter='charging']")).ToHaveTextAsync("1");
        await StopV201SessionAsync(page, v201, transaction201);

        await page.GotoAsync("/console/transactions");
        await Assertions.Expect(page.Locator($"a[href='/console/transactions/{transaction201}']")).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.True(
            Rows(csv).Any(r => r.Contains(v16.Id, StringComparison.Ordinal) && r.StartsWith(Id(transaction16), StringComparison.Ordinal))
            && Rows(csv).Any(r => r.Contains(v201.Id, StringComparison.Ordinal) && r.StartsWith(Id(transaction201), StringComparison.Ordinal)),
            $"Expected the exported CSV to hold transaction {transaction16} of {v16.Id} and {transaction201} of {v201.Id}, but it reads:\n{csv}");

        // Pages past the sign-in, served by both: the cookie one front-end issued opened on the other.
        var signedInPagesServedBy = console.ConsoleResponses
            .Where(r => r.Path != "/console/login" && !r.Path.StartsWith("/console/assets", StringComparison.Ordinal))
            .Select(r => r.ServedBy).ToHashSet();
        Assert.True(signedInPagesServedBy.SetEquals([LoadBalancer.ServerName(0), LoadBalancer.ServerName(1)]),
            $"Expected both front-ends to have served signed-in console pages through HAProxy, but these did: {string.Join(", ", console.ConsoleResponses.Select(r => $"{r.Path} by {r.ServedBy}"))}");
        await page.Context.CloseAsync();
    }

    /// <summary>Starts a session from the 1.6 charge point's page, watches its status and energy live, and stops it from the page.</summary>
    private static async Task<int> RunV16SessionAsync(IPage page, TestChargePoint chargePoint, string tag)
    {
        var asked = AnswerAccepted(chargePoint, "RemoteStartTransaction", "RemoteStopTransaction");
        await page.GotoAsync($"/console/charge-points/{chargePoint.Id}");
        await LiveAsync(page);
        var start = page.Locator("form[data-command='remote-start']");
        await start.Locator("input[name='Start.IdTag']").FillAsync(tag);
        await start.Locator("input[name='Start.ConnectorId']").FillAsync("1");
        await start.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("command-answer")).ToContainTextAsync("RemoteStartTransaction: Accepted");
        var remoteStart = await asked["RemoteStartTransaction"].Task.WaitAsync(ChargePointAnswer);
        Assert.True(remoteStart.GetProperty("idTag").GetString() == tag, $"Expected RemoteStartTransaction for {tag}, but got {remoteStart}.");

        var began = DateTimeOffset.UtcNow;
        var started = await chargePoint.CallAsync("StartTransaction", V16Messages.StartTransaction(tag, 1_000, began, connectorId: 1));
        var transactionId = started.GetProperty("transactionId").GetInt32();
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Charging"));
        await Assertions.Expect(StatusBadge(page, chargePoint.Id, 1)).ToHaveTextAsync("Charging");

        await page.GotoAsync($"/console/transactions/{transactionId}");
        var energyChart = page.GetByTestId("energy-chart");
        await Assertions.Expect(energyChart).ToHaveAttributeAsync("data-count", "0");
        await LiveAsync(page);
        await chargePoint.CallAsync("MeterValues", V16Messages.MeterValues(transactionId, began.AddSeconds(30), 1_800));
        await Assertions.Expect(energyChart).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(page.GetByTestId("energy")).ToHaveTextAsync("800 Wh");

        await page.GotoAsync($"/console/charge-points/{chargePoint.Id}");
        var stop = page.Locator("form[data-command='remote-stop']");
        await stop.Locator("select").SelectOptionAsync(Id(transactionId));
        await stop.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("command-answer")).ToContainTextAsync("RemoteStopTransaction: Accepted");
        var remoteStop = await asked["RemoteStopTransaction"].Task.WaitAsync(ChargePointAnswer);
        Assert.True(remoteStop.GetProperty("transactionId").GetInt32() == transactionId, $"Expected RemoteStopTransaction for {transactionId}, but got {remoteStop}.");
        await chargePoint.CallAsync("StopTransaction", V16Messages.StopTransaction(transactionId, 2_400, began.AddSeconds(60), reason: "Remote"));
        await chargePoint.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));
        await Assertions.Expect(StatusBadge(page, chargePoint.Id, 1)).ToHaveTextAsync("Available");
        return transactionId;
    }

    /// <summary>Starts a session from the 2.0.1 station's page: RequestStartTransaction, then the station's Started event, charging.</summary>
    private static async Task<int> StartV201SessionAsync(IPage page, TestChargePoint station, string tag)
    {
        var asked = AnswerAccepted(station, "RequestStartTransaction", "RequestStopTransaction");
        await page.GotoAsync($"/console/charge-points/{station.Id}");
        await LiveAsync(page);
        var start = page.Locator("form[data-command='remote-start']");
        await start.Locator("input[name='Start.IdTag']").FillAsync(tag);
        await start.Locator("input[name='Start.ConnectorId']").FillAsync("1");
        await start.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("command-answer")).ToContainTextAsync("Accepted");
        var requested = await asked["RequestStartTransaction"].Task.WaitAsync(ChargePointAnswer);
        Assert.True(requested.GetProperty("idToken").GetProperty("idToken").GetString() == tag, $"Expected RequestStartTransaction for {tag}, but got {requested}.");

        await station.CallAsync("StatusNotification", V201Messages.StatusNotification(1, "Occupied"));
        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            "Started", StationTransactionId(station), 0, DateTimeOffset.UtcNow, "RemoteStart", energyWh: 500, idToken: tag,
            chargingState: "Charging", remoteStartId: requested.GetProperty("remoteStartId").GetInt32()));
        await Assertions.Expect(StatusBadge(page, station.Id, 1)).ToHaveTextAsync("Occupied");

        // The stop form lists the transaction by the CSMS's id once the page is read again.
        await page.ReloadAsync();
        var option = page.Locator("form[data-command='remote-stop'] select option[value]:not([value=''])").First;
        return int.Parse((await option.GetAttributeAsync("value"))!, CultureInfo.InvariantCulture);
    }

    private static async Task StopV201SessionAsync(IPage page, TestChargePoint station, int transactionId)
    {
        var asked = AnswerAccepted(station, "RequestStopTransaction");
        await page.GotoAsync($"/console/charge-points/{station.Id}");
        await LiveAsync(page);
        var stop = page.Locator("form[data-command='remote-stop']");
        await stop.Locator("select").SelectOptionAsync(Id(transactionId));
        await stop.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("command-answer")).ToContainTextAsync("Accepted");
        var requested = await asked["RequestStopTransaction"].Task.WaitAsync(ChargePointAnswer);
        Assert.True(requested.GetProperty("transactionId").GetString() == StationTransactionId(station),
            $"Expected RequestStopTransaction for the station's transaction {StationTransactionId(station)}, but got {requested}.");

        await station.CallAsync("TransactionEvent", V201Messages.TransactionEvent(
            "Ended", StationTransactionId(station), 1, DateTimeOffset.UtcNow, "RemoteStop", energyWh: 2_000, chargingState: "EVConnected", stoppedReason: "Remote"));
        await station.CallAsync("StatusNotification", V201Messages.StatusNotification(1, "Available"));
        await Assertions.Expect(StatusBadge(page, station.Id, 1)).ToHaveTextAsync("Available");
    }

    /// <summary>
    /// Connects as a charge point does: a refusal while the new cluster warms up (503, the grain not serving yet on
    /// cores shared with builds) is retried after a pause, like a charge point's reconnect.
    /// </summary>
    private static async Task<TestChargePoint> ConnectedAsync(Func<Task<TestChargePoint>> connect, string what)
    {
        var (chargePoint, _) = await Poll.UntilAsync(_ => connect(), _ => true, TimeSpan.FromSeconds(60), $"{what} to connect", c => c.Id);
        return chargePoint;
    }

    private static async Task BootAsync(TestChargePoint v16, TestChargePoint v201)
    {
        await v16.CallAsync("BootNotification", V16Messages.BootNotification());
        await v16.CallAsync("StatusNotification", V16Messages.StatusNotification(0, "Available"));
        await v16.CallAsync("StatusNotification", V16Messages.StatusNotification(1, "Available"));
        await v201.CallAsync("BootNotification", V201Messages.BootNotification());
        await v201.CallAsync("StatusNotification", V201Messages.StatusNotification(1, "Available"));
    }

    /// <summary>
    /// Reads the QR code as the browser shows it: the image drawn on a canvas, its pixels decoded. What a phone's camera
    /// would read, without trusting the link around the image.
    /// </summary>
    private static async Task<string> DecodeQrCodeAsync(ILocator image)
    {
        var pixels = await image.EvaluateAsync<JsonElement>("""
            async img => {
                await img.decode();
                const canvas = document.createElement('canvas');
                canvas.width = img.naturalWidth || img.width;
                canvas.height = img.naturalHeight || img.height;
                const context = canvas.getContext('2d');
                context.fillStyle = '#fff';
                context.fillRect(0, 0, canvas.width, canvas.height);
                context.drawImage(img, 0, 0, canvas.width, canvas.height);
                const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
                let binary = '';
                for (let i = 0; i < data.length; i++) binary += String.fromCharCode(data[i]);
                return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
            }
            """);
        var (width, height) = (pixels.GetProperty("width").GetInt32(), pixels.GetProperty("height").GetInt32());
        var source = new RGBLuminanceSource(Convert.FromBase64String(pixels.GetProperty("rgba").GetString()!), width, height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        Assert.True(result is not null, $"Expected the {width}x{height} image to hold a readable QR code.");
        return result.Text;
    }

    /// <summary>Answers every server call Accepted and tells, per action named, what the charge point was asked.</summary>
    private static Dictionary<string, TaskCompletionSource<JsonElement>> AnswerAccepted(TestChargePoint chargePoint, params string[] actions)
    {
        var asked = actions.ToDictionary(a => a, _ => new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously), StringComparer.Ordinal);
        chargePoint.OnServerCall = (action, payload) =>
        {
            if (asked.TryGetValue(action, out var call))
            {
                call.TrySetResult(payload.Clone());
            }

            return ServerCallAnswer.Result(new { status = "Accepted" });
        };
        return asked;
    }

    /// <summary>Waits until the page's event stream (through HAProxy) is open, so what happens next reaches it live.</summary>
    private static Task LiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-live-indicator]")).ToHaveAttributeAsync("data-state", "open");

    private static ILocator StatusBadge(IPage page, string chargePointId, int connectorId) =>
        page.Locator($"[data-status-of='{chargePointId}'][data-connector='{connectorId}']").First;

    private static string StationTransactionId(TestChargePoint station) => $"{station.Id}-session";

    private static string Id(int transactionId) => transactionId.ToString(CultureInfo.InvariantCulture);

    private static string[] Rows(string csv) => csv.ReplaceLineEndings("\n").Split('\n');
}
