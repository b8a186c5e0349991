using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansCsms.Grains;

namespace OrleansCsms.Frontend.Auth;

/// <summary>Signs the bearer tokens POST /api/auth/token hands out: the account's name and role, for a limited time.</summary>
public sealed class TokenIssuer(TokenSigningKey key, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(OperatorAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var now = time.GetUtcNow();
        var expires = now.AddMinutes(options.Value.TokenLifetimeMinutes);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenSigningKey.Issuer,
            Audience = TokenSigningKey.Audience,
            Subject = new ClaimsIdentity(
            [
                new Claim(CsmsAuthorization.NameClaim, account.Name),
                new Claim(CsmsAuthorization.RoleClaim, account.Role.Name()),
            ]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Current, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
