using OrleansCsms.Grains;

namespace OrleansCsms.Storage.Accounts;

/// <summary>A role as the operator_accounts table spells it.</summary>
internal static class OperatorRoleNames
{
    public static string ToColumn(OperatorRole role) => role switch
    {
        OperatorRole.Admin => "admin",
        OperatorRole.Operator => "operator",
        _ => "viewer",
    };

    public static OperatorRole FromColumn(string value) => value switch
    {
        "admin" => OperatorRole.Admin,
        "operator" => OperatorRole.Operator,
        "viewer" => OperatorRole.Viewer,
        _ => throw new InvalidOperationException($"operator_accounts holds an unknown role '{value}'."),
    };
}
