using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Tests;

/// <summary>Operator accounts: an admin always remains once one exists, whatever changes arrive together.</summary>
public abstract class OperatorAccountStoreContract(StorageFixture fixture)
{
    private static readonly DateTimeOffset Now = StorageHost.StartTime;
    private readonly CancellationToken _cancellation = Deadline.Token();

    [Fact]
    public async Task The_first_account_must_be_an_admin()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync();
        var accounts = storage.Get<IOperatorAccountStore>();

        var viewerFirst = await accounts.CreateAsync(Account("early-viewer", OperatorRole.Viewer), _cancellation);
        var admin = await accounts.CreateAsync(Account("admin", OperatorRole.Admin), _cancellation);
        var viewerAfter = await accounts.CreateAsync(Account("viewer", OperatorRole.Viewer), _cancellation);

        Assert.True(viewerFirst == OperatorAccountOutcome.NoAdminLeft, $"Expected a viewer before any admin to be refused, got {viewerFirst}.");
        Assert.True(admin == OperatorAccountOutcome.Done && viewerAfter == OperatorAccountOutcome.Done, $"Expected the admin, then the viewer, to be created: {admin}, {viewerAfter}.");
        Assert.True(await accounts.AnyAsync(_cancellation), "Expected accounts to exist.");
    }

    [Fact]
    public async Task The_last_enabled_admin_cannot_be_demoted_disabled_or_deleted()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync();
        var accounts = storage.Get<IOperatorAccountStore>();
        await accounts.CreateAsync(Account("admin", OperatorRole.Admin), _cancellation);

        var demoted = await accounts.UpdateAsync("admin", new OperatorAccountChange(Role: OperatorRole.Operator), Now, _cancellation);
        var disabled = await accounts.UpdateAsync("admin", new OperatorAccountChange(Disabled: true), Now, _cancellation);
        var deleted = await accounts.DeleteAsync("admin", _cancellation);
        var renewed = await accounts.UpdateAsync("admin", new OperatorAccountChange(PasswordHash: "new-hash"), Now, _cancellation);

        Assert.True(demoted == OperatorAccountOutcome.NoAdminLeft && disabled == OperatorAccountOutcome.NoAdminLeft && deleted == OperatorAccountOutcome.NoAdminLeft,
            $"Expected the last admin to stay: demote {demoted}, disable {disabled}, delete {deleted}.");
        Assert.True(renewed == OperatorAccountOutcome.Done, $"Expected the last admin's password to change, got {renewed}.");
        var stored = await accounts.FindAsync("admin", _cancellation);
        Assert.True(stored is { Role: OperatorRole.Admin, Disabled: false, PasswordHash: "new-hash" }, $"Expected the admin unchanged but for its password: {stored}");
    }

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync();
        var accounts = storage.Get<IOperatorAccountStore>();
        await accounts.CreateAsync(Account("alice", OperatorRole.Admin), _cancellation);
        await accounts.CreateAsync(Account("bob", OperatorRole.Admin), _cancellation);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var changes = new[] { "alice", "bob" }.Select(async name =>
        {
            await start.Task;
            return await accounts.UpdateAsync(name, new OperatorAccountChange(Role: OperatorRole.Viewer), Now, _cancellation);
        }).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(changes).Within("two concurrent demotions");

        var admins = (await accounts.ListAsync(_cancellation)).Where(a => a.Role == OperatorRole.Admin).ToList();
        Assert.True(admins.Count == 1, $"Expected exactly one admin left, got {admins.Count} (outcomes {string.Join(", ", outcomes)}).");
        Assert.Contains(OperatorAccountOutcome.NoAdminLeft, outcomes);
    }

    [Fact]
    public async Task The_first_account_from_configuration_is_created_only_into_an_empty_table()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await using var storage = await database.StartAsync();
        var accounts = storage.Get<IOperatorAccountStore>();

        var first = await accounts.CreateFirstAsync(Account("root", OperatorRole.Admin), _cancellation);
        var second = await accounts.CreateFirstAsync(Account("other", OperatorRole.Admin), _cancellation);

        Assert.True(first && !second, $"Expected only the first to be created: {first}, {second}.");
        Assert.Equal(["root"], (await accounts.ListAsync(_cancellation)).Select(a => a.Name));
    }

    [Fact]
    public async Task A_shared_secret_is_the_first_one_stored()
    {
        var secrets = fixture.Storage.Get<ISharedSecretStore>();
        var purpose = $"test-{Guid.NewGuid():N}";

        var first = await secrets.GetOrAddAsync(purpose, "key", "first", _cancellation);
        var second = await secrets.GetOrAddAsync(purpose, "key", "second", _cancellation);
        await secrets.PutAsync(purpose, "other", "third", _cancellation);

        Assert.True(first == "first" && second == "first", $"Expected both callers to get the first value: {first}, {second}.");
        Assert.Equal(["first", "third"], await secrets.ListAsync(purpose, _cancellation));
    }

    private static OperatorAccount Account(string name, OperatorRole role) => new(name, $"hash-of-{name}", role, Disabled: false, Now, Now);
}

public sealed class PostgresOperatorAccountStoreTests(PostgresFixture fixture) : OperatorAccountStoreContract(fixture), IClassFixture<PostgresFixture>;

public sealed class SqliteOperatorAccountStoreTests(SqliteFixture fixture) : OperatorAccountStoreContract(fixture), IClassFixture<SqliteFixture>;
