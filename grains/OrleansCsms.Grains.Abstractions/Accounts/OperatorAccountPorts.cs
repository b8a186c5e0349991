namespace OrleansCsms.Grains;

/// <summary>What an operator may do; each role includes everything the ones below it may.</summary>
public enum OperatorRole
{
    /// <summary>Reads everything, changes nothing.</summary>
    Viewer = 0,

    /// <summary>Sends commands and changes charge points, id tags and the rest of the network.</summary>
    Operator = 1,

    /// <summary>Also manages operator accounts and settings.</summary>
    Admin = 2,
}

/// <summary>One stored operator account; <see cref="PasswordHash"/> is a versioned salted hash, never the password.</summary>
public sealed record OperatorAccount(
    string Name,
    string PasswordHash,
    OperatorRole Role,
    bool Disabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The changes asked of one account; a null field stays as it is.</summary>
public sealed record OperatorAccountChange(OperatorRole? Role = null, string? PasswordHash = null, bool? Disabled = null);

/// <summary>How a change or removal of an account went.</summary>
public enum OperatorAccountOutcome
{
    Done,
    NotFound,

    /// <summary>Refused: no enabled admin would be left, or none exists yet for a non-admin account.</summary>
    NoAdminLeft,

    /// <summary>Refused: an account of that name exists.</summary>
    NameTaken,
}

/// <summary>Operator accounts in the database, shared by every front-end of a cluster.</summary>
public interface IOperatorAccountStore
{
    /// <summary>Whether any account exists.</summary>
    Task<bool> AnyAsync(CancellationToken cancellationToken);

    /// <summary>Returns every account, by name.</summary>
    Task<IReadOnlyList<OperatorAccount>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Returns the account of that name (exact), or null.</summary>
    Task<OperatorAccount?> FindAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an account. A non-admin account is refused (<see cref="OperatorAccountOutcome.NoAdminLeft"/>) while no
    /// enabled admin exists, so the accounts never lock everybody out of managing them.
    /// </summary>
    Task<OperatorAccountOutcome> CreateAsync(OperatorAccount account, CancellationToken cancellationToken);

    /// <summary>Creates the account only when no account exists at all; returns whether it did.</summary>
    Task<bool> CreateFirstAsync(OperatorAccount account, CancellationToken cancellationToken);

    /// <summary>Changes an account; refused when it would leave no enabled admin, atomically across the cluster.</summary>
    Task<OperatorAccountOutcome> UpdateAsync(string name, OperatorAccountChange change, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes an account; refused when it would leave no enabled admin, atomically across the cluster.</summary>
    Task<OperatorAccountOutcome> DeleteAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// Secrets every front-end of a cluster must share (the token signing key, the cookie protection key ring), kept in
/// the database so that a process started anywhere agrees with the others.
/// </summary>
public interface ISharedSecretStore
{
    /// <summary>Stores <paramref name="value"/> under the name unless one is stored already; returns the stored one.</summary>
    Task<string> GetOrAddAsync(string purpose, string name, string value, CancellationToken cancellationToken);

    /// <summary>Adds or replaces a value.</summary>
    Task PutAsync(string purpose, string name, string value, CancellationToken cancellationToken);

    /// <summary>Returns every value stored for a purpose, oldest first.</summary>
    Task<IReadOnlyList<string>> ListAsync(string purpose, CancellationToken cancellationToken);
}
