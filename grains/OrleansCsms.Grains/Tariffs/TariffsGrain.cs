namespace OrleansCsms.Grains;

/// <summary>The tariff book: tariffs by id and their assignments, written before any change is acknowledged.</summary>
[GrainType(GrainTypes.Tariffs)]
public sealed class TariffsGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<TariffsState> state) : Grain, ITariffsGrain, IDurableStateGrain
{
    private TariffsState State => state.State;

    public async Task<bool> PutAsync(Tariff tariff)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        var added = !State.Tariffs.ContainsKey(tariff.Id);
        State.Tariffs[tariff.Id] = tariff;
        await state.WriteStateAsync();
        return added;
    }

    public async Task<string?> DeleteAsync(string tariffId)
    {
        var users = Users(tariffId).ToList();
        if (users.Count > 0)
        {
            return $"Tariff '{tariffId}' is assigned to {string.Join(", ", users)}: assign another (or none) there first.";
        }

        if (State.Tariffs.Remove(tariffId))
        {
            await state.WriteStateAsync();
        }

        return null;
    }

    public async Task<string?> AssignAsync(TariffScope scope, string? key, string? tariffId)
    {
        if (tariffId is not null && !State.Tariffs.ContainsKey(tariffId))
        {
            return $"There is no tariff '{tariffId}'.";
        }

        if (scope != TariffScope.Default && string.IsNullOrEmpty(key))
        {
            return $"A {scope} assignment names its {scope}.";
        }

        switch (scope)
        {
            case TariffScope.Default:
                State.DefaultTariffId = tariffId;
                break;
            case TariffScope.ChargePoint:
                Assign(State.ChargePoints, key!, tariffId);
                break;
            case TariffScope.IdTagGroup:
                Assign(State.IdTagGroups, key!, tariffId);
                break;
            default:
                return $"Unknown scope {scope}.";
        }

        await state.WriteStateAsync();
        return null;
    }

    public Task<TariffBook> GetAsync() => Task.FromResult(new TariffBook(
        [.. State.Tariffs.Values.OrderBy(t => t.Id, StringComparer.Ordinal)],
        State.DefaultTariffId,
        new SortedDictionary<string, string>(State.ChargePoints, StringComparer.Ordinal),
        new SortedDictionary<string, string>(State.IdTagGroups, StringComparer.Ordinal)));

    public Task<Tariff?> ResolveAsync(string chargePointId, string? idTagGroup, DateTimeOffset at)
    {
        // The most specific assignment whose tariff is valid then wins: a group's price follows its drivers everywhere.
        string?[] candidates =
        [
            idTagGroup is not null ? State.IdTagGroups.GetValueOrDefault(idTagGroup) : null,
            State.ChargePoints.GetValueOrDefault(chargePointId),
            State.DefaultTariffId,
        ];
        var tariff = candidates
            .Select(id => id is not null ? State.Tariffs.GetValueOrDefault(id) : null)
            .FirstOrDefault(t => t is not null && t.IsValidAt(at));
        return Task.FromResult(tariff);
    }

    private static void Assign(Dictionary<string, string> assignments, string key, string? tariffId)
    {
        if (tariffId is null)
        {
            assignments.Remove(key);
        }
        else
        {
            assignments[key] = tariffId;
        }
    }

    private IEnumerable<string> Users(string tariffId)
    {
        if (State.DefaultTariffId == tariffId)
        {
            yield return "the default";
        }

        foreach (var (chargePoint, _) in State.ChargePoints.Where(a => a.Value == tariffId))
        {
            yield return $"charge point '{chargePoint}'";
        }

        foreach (var (group, _) in State.IdTagGroups.Where(a => a.Value == tariffId))
        {
            yield return $"id tag group '{group}'";
        }
    }
}
