using OrleansCsms.Grains;

namespace OrleansCsms.Tests.Grains;

/// <summary>The multi-part reports of OCPP 2.0.1 stations, put together by the grains that keep them, on PostgreSQL.</summary>
[Collection(GrainSiloCollection.Name)]
public sealed class ReportAssemblyGrainTests(GrainSiloFixture fixture)
{
    private static readonly DateTimeOffset GeneratedAt = new(2030, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_device_model_report_whose_parts_come_out_of_order_completes_when_the_gap_fills_even_on_another_cluster()
    {
        var id = Fresh.ChargePointId();
        await fixture.Silo.Grains.GetGrain<IDeviceModelGrain>(id).ReportRequestedAsync(7, "FullInventory");
        var model = fixture.Silo.Grains.GetGrain<IDeviceModelGrain>(id);
        await model.RecordReportAsync(Part(7, 2, tbc: false, "HeartbeatInterval"));
        await model.RecordReportAsync(Part(7, 0, tbc: true, "OfflineThreshold"));
        await model.RecordReportAsync(Part(7, 0, tbc: true, "OfflineThreshold"));

        var waiting = (await model.GetAsync()).Reports[7];
        Assert.True(waiting is { Complete: false, PartsReceived: 2, LastSeqNo: 2 },
            $"Expected the report waiting for seqNo 1 with 2 parts counted once each, but got {waiting}.");

        await using var other = await fixture.StartSiloAsync();
        var elsewhere = other.Grains.GetGrain<IDeviceModelGrain>(id);
        await elsewhere.RecordReportAsync(Part(7, 1, tbc: true, "MessageTimeout"));

        var read = await elsewhere.GetAsync();
        Assert.True(read.Reports[7] is { Complete: true, PartsReceived: 3, VariablesReceived: 3, CompletedAt: not null } && read.Variables.Count == 3,
            $"Expected the report complete with 3 parts once seqNo 1 arrived on a cluster that read the progress from storage, but got {read.Reports[7]}.");
    }

    [Fact]
    public async Task A_monitoring_report_part_after_the_last_adds_no_monitor()
    {
        var model = fixture.Silo.Grains.GetGrain<IDeviceModelGrain>(Fresh.ChargePointId());
        await model.RecordMonitoringReportAsync(MonitoringPart(3, 0, tbc: false, monitorId: 1));

        await model.RecordMonitoringReportAsync(MonitoringPart(3, 1, tbc: false, monitorId: 2));

        var read = await model.GetAsync();
        Assert.True(read.Monitors.Keys.SequenceEqual([1]) && read.Reports[3] is { Complete: true, PartsReceived: 1 },
            $"Expected only monitor 1 of the complete report, but the model holds monitors [{string.Join(", ", read.Monitors.Keys)}] and {read.Reports[3]}.");
    }

    [Fact]
    public async Task Customer_data_in_parts_out_of_order_and_repeated_reads_in_seqNo_order_once_complete()
    {
        var customers = fixture.Silo.Grains.GetGrain<ICustomerInformationGrain>(Fresh.ChargePointId());
        await customers.RequestedAsync(new CustomerInformationAsk(4, Report: true, Clear: false, new CustomerReference("customer-1"), GeneratedAt));

        await customers.RecordPartAsync(new CustomerDataPart(4, 1, false, GeneratedAt, "world"));
        await customers.RecordPartAsync(new CustomerDataPart(4, 1, false, GeneratedAt, "world"));
        var partial = (await customers.GetAsync()).Requests[4];
        await customers.RecordPartAsync(new CustomerDataPart(4, 0, true, GeneratedAt, "hello "));

        var complete = (await customers.GetAsync()).Requests[4];
        Assert.False(partial.Complete, "Expected the answer incomplete while seqNo 0 is missing, though the last part arrived.");
        Assert.True(complete is { Data: "hello world", Complete: true, Parts.Count: 2 },
            $"Expected 'hello world' from 2 parts, complete, but got '{complete.Data}' from {complete.Parts.Count} parts, complete: {complete.Complete}.");
    }

    [Fact]
    public async Task Display_messages_reported_after_the_last_part_are_kept_out()
    {
        var messages = fixture.Silo.Grains.GetGrain<IDisplayMessagesGrain>(Fresh.ChargePointId());
        await messages.QueryRequestedAsync(9);
        await messages.RecordReportAsync(9, toBeContinued: true, [Message(1)]);
        await messages.RecordReportAsync(9, toBeContinued: false, [Message(2)]);

        await messages.RecordReportAsync(9, toBeContinued: false, [Message(3)]);

        var report = (await messages.GetAsync()).Reports.Single(r => r.RequestId == 9);
        Assert.True(report is { Complete: true } && report.Messages.Select(m => m.Id).SequenceEqual([1, 2]),
            $"Expected messages 1 and 2 of the complete report, but got [{string.Join(", ", report.Messages.Select(m => m.Id))}], complete: {report.Complete}.");
    }

    [Fact]
    public async Task A_display_message_report_the_station_answered_Unknown_takes_no_part()
    {
        var messages = fixture.Silo.Grains.GetGrain<IDisplayMessagesGrain>(Fresh.ChargePointId());
        await messages.QueryRequestedAsync(5);
        await messages.QueryAnsweredAsync(5, "Unknown");

        await messages.RecordReportAsync(5, toBeContinued: false, [Message(1)]);

        var report = (await messages.GetAsync()).Reports.Single(r => r.RequestId == 5);
        Assert.True(report is { Complete: true, Messages.Count: 0 },
            $"Expected the report complete and empty (Unknown: none will follow), but got {report.Messages.Count} messages, complete: {report.Complete}.");
    }

    private static ReportPart Part(int requestId, int seqNo, bool tbc, string variable) =>
        new(requestId, seqNo, tbc, GeneratedAt, [new ReportedVariable(new ComponentReference("OCPPCommCtrlr"), new VariableReference(variable), [new VariableAttributeValue("Actual", "60")], null, GeneratedAt)]);

    private static MonitoringReportPart MonitoringPart(int requestId, int seqNo, bool tbc, int monitorId) =>
        new(requestId, seqNo, tbc, GeneratedAt, [new ReportedMonitors(new ComponentReference("EVSE", EvseId: 1), new VariableReference("Power"), [new ReportedMonitor(monitorId, false, 32m, "UpperThreshold", 4)])]);

    private static DisplayMessage Message(int id) => new(id, "NormalCycle", null, null, null, null, new DisplayMessageContent("UTF8", "en", $"message {id}"));
}
