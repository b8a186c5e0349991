namespace OrleansCsms.Grains;

/// <summary>What describes a firmware file an operator uploaded; its bytes are in the files directory under its id.</summary>
[GrainType(GrainTypes.FirmwareFile)]
public sealed class FirmwareFileGrain(
    [PersistentState(GrainTypes.StateName, GrainTypes.StorageName)] IPersistentState<FirmwareFileState> state) : Grain, IFirmwareFileGrain, IDurableStateGrain
{
    public async Task<bool> CreateAsync(FirmwareFileState file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (state.RecordExists)
        {
            return false;
        }

        file.FileId = this.GetPrimaryKeyString();
        state.State = file;
        await state.WriteStateAsync();
        return true;
    }

    public Task<FirmwareFileState?> GetAsync() => Task.FromResult(state.RecordExists ? state.State : null);

    public async Task<bool> DeleteAsync()
    {
        if (!state.RecordExists)
        {
            return false;
        }

        await state.ClearStateAsync();
        state.State = new FirmwareFileState();
        return true;
    }
}
