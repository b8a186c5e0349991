using OrleansCsms.Ocpp;
using OrleansCsms.Ocpp.V201;

namespace OrleansCsms.Simulator;

/// <summary>
/// UpdateFirmware: accepted, then reported step by step with FirmwareStatusNotifications carrying its requestId,
/// Downloading, Downloaded (SignatureVerified when signed), Installing, Installed. A download time in the future is
/// waited for after DownloadScheduled. A newer update cancels one still under way (AcceptedCanceled).
/// </summary>
public sealed partial class SimulatedChargingStation
{
    private CancellationTokenSource? _firmwareUpdate;

    private ServerCallReply UpdateFirmware(OcppCall call, UpdateFirmwareRequest request)
    {
        var update = CancellationTokenSource.CreateLinkedTokenSource(_running);
        var previous = Interlocked.Exchange(ref _firmwareUpdate, update);
        var status = UpdateFirmwareStatusEnumType.Accepted;
        if (previous is not null)
        {
            try
            {
                previous.Cancel();
                status = UpdateFirmwareStatusEnumType.AcceptedCanceled;
            }
            catch (ObjectDisposedException)
            {
                // That update finished just now: nothing was under way to cancel.
            }
        }

        return Reply(call, new UpdateFirmwareConfirmation { Status = status }, () =>
        {
            _ = InstallFirmwareAsync(request, update);
            return Task.CompletedTask;
        });
    }

    private async Task InstallFirmwareAsync(UpdateFirmwareRequest request, CancellationTokenSource update)
    {
        try
        {
            var wait = request.Firmware.RetrieveDateTime - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await FirmwareStatusAsync(FirmwareStatusEnumType.DownloadScheduled, request.RequestId, update.Token);
                await Task.Delay(wait, update.Token);
            }

            FirmwareStatusEnumType[] steps = request.Firmware.Signature is null
                ? [FirmwareStatusEnumType.Downloading, FirmwareStatusEnumType.Downloaded, FirmwareStatusEnumType.Installing, FirmwareStatusEnumType.Installed]
                : [FirmwareStatusEnumType.Downloading, FirmwareStatusEnumType.Downloaded, FirmwareStatusEnumType.SignatureVerified, FirmwareStatusEnumType.Installing, FirmwareStatusEnumType.Installed];
            foreach (var step in steps)
            {
                await FirmwareStatusAsync(step, request.RequestId, update.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled by a newer update, or the station stopped.
        }
        finally
        {
            Interlocked.CompareExchange(ref _firmwareUpdate, null, update);
            update.Dispose();
        }
    }

    private async Task FirmwareStatusAsync(FirmwareStatusEnumType status, int requestId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var payload = V201Json.ToPayload(new FirmwareStatusNotificationRequest { Status = status, RequestId = requestId });
        await CallAsync("FirmwareStatusNotification", payload, cancellationToken);
    }
}
