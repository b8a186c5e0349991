namespace OrleansCsms.Grains;

/// <summary>
/// A firmware file an operator uploaded (key: its id, random and unguessable, which is also what the download URL
/// given to charge points carries). The bytes are in the files directory; the grain holds what describes them.
/// </summary>
[Alias("csms.IFirmwareFileGrain")]
public interface IFirmwareFileGrain : IGrainWithStringKey
{
    /// <summary>Records the file once its bytes are stored; false when the id is already taken.</summary>
    Task<bool> CreateAsync(FirmwareFileState file);

    /// <summary>Returns the file, or null when there is none.</summary>
    Task<FirmwareFileState?> GetAsync();

    /// <summary>Forgets the file; false when there was none.</summary>
    Task<bool> DeleteAsync();
}
