using System.Diagnostics.CodeAnalysis;

namespace OrleansCsms.Ocpp;

/// <summary>Either the message a frame held or the reason it held none.</summary>
public readonly struct OcppFrameReadResult
{
    private OcppFrameReadResult(OcppMessage? message, OcppFrameError? error)
    {
        Message = message;
        Error = error;
    }

    public OcppMessage? Message { get; }

    public OcppFrameError? Error { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Message is not null;

    public static OcppFrameReadResult Success(OcppMessage message) =>
        new(message ?? throw new ArgumentNullException(nameof(message)), null);

    public static OcppFrameReadResult Failure(OcppFrameError error) =>
        new(null, error ?? throw new ArgumentNullException(nameof(error)));

    public override string ToString() => IsSuccess ? Message.ToString() : Error.ToString();
}
