using System.Text;

namespace OrleansCsms.Ocpp.SchemaGen;

/// <summary>Turns wire names into C# identifiers.</summary>
internal static class Identifiers
{
    /// <summary>"chargePointVendor" becomes "ChargePointVendor".</summary>
    public static string Property(string wireName) => Checked(char.ToUpperInvariant(wireName[0]) + wireName[1..], wireName);

    /// <summary>"Energy.Active.Import.Register" becomes "EnergyActiveImportRegister", "L1-N" becomes "L1N".</summary>
    public static string EnumMember(string wireName)
    {
        var name = new StringBuilder(wireName.Length);
        var startOfWord = true;
        foreach (var c in wireName)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                startOfWord = true;
                continue;
            }

            name.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }

        return Checked(name.ToString(), wireName);
    }

    private static string Checked(string identifier, string wireName)
    {
        if (identifier.Length == 0 || !char.IsAsciiLetter(identifier[0]) || !identifier.All(char.IsAsciiLetterOrDigit))
        {
            throw new SchemaException($"'{wireName}' does not make a C# identifier.");
        }

        return identifier;
    }
}
