using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>
/// The data-protection key ring (what sign-in cookies are encrypted with) kept in the database, so a cookie one
/// front-end issued opens on every other. The framework asks synchronously and rarely (when it loads or rotates
/// the ring, about once a day), so waiting on the store here blocks no request path that matters.
/// </summary>
internal sealed class DatabaseXmlRepository(ISharedSecretStore secrets) : IXmlRepository
{
    private const string SecretPurpose = "data-protection-key";

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. secrets.ListAsync(SecretPurpose, CancellationToken.None).GetAwaiter().GetResult().Select(XElement.Parse)];

    public void StoreElement(XElement element, string friendlyName) =>
        secrets.PutAsync(SecretPurpose, friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None).GetAwaiter().GetResult();
}
