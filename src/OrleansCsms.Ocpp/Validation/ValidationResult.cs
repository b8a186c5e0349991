namespace OrleansCsms.Ocpp;

/// <summary>The verdict on a payload: valid, or the first violation found.</summary>
public readonly struct ValidationResult
{
    private readonly string? _description;

    private ValidationResult(bool isValid, OcppErrorCode code, string description)
    {
        IsValid = isValid;
        Code = code;
        _description = description;
    }

    public static ValidationResult Valid { get; } = new(true, OcppErrorCode.GenericError, string.Empty);

    public bool IsValid { get; }

    /// <summary>The CALLERROR code for the violation; meaningless when <see cref="IsValid"/>.</summary>
    public OcppErrorCode Code { get; }

    /// <summary>Where the violation is (a path like <c>meterValue[0].sampledValue[1].measurand</c>) and what is wrong.</summary>
    public string Description => _description ?? string.Empty;

    public static ValidationResult Invalid(OcppErrorCode code, string description) => new(false, code, description);

    /// <summary>The CALLERROR that answers a CALL whose payload failed validation.</summary>
    public OcppCallError ToCallError(string messageId)
    {
        if (IsValid)
        {
            throw new InvalidOperationException("A valid payload has no error to report.");
        }

        return new OcppCallError(messageId, Code, Description);
    }

    public override string ToString() => IsValid ? "Valid" : $"{Code}: {Description}";
}
