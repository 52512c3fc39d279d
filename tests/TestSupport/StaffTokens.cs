using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Selbsthilfe.TestSupport;

/// <summary>
/// Signs staff tokens the way <c>dotnet user-jwts</c> does for development: a symmetric key that the service learns
/// from <c>Authentication:Schemes:Bearer</c> settings (<see cref="Settings"/>).
/// </summary>
public sealed class StaffTokens
{
    public const string Issuer = "selbsthilfe-tests";
    public const string Audience = "selbsthilfe-platform";

    private readonly byte[] _key = Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray();

    /// <summary>Configuration for the service, as <c>dotnet user-jwts</c> writes it to user secrets.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(_key),
    };

    public string Create(string? office, params string[] roles) => Create(office, Issuer, roles);

    public string Create(string? office, string issuer, params string[] roles)
    {
        var claims = new List<Claim> { new("sub", "staff-" + Guid.NewGuid().ToString("N")[..8]) };
        if (office is not null) claims.Add(new Claim("office", office));
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_key), SecurityAlgorithms.HmacSha256),
        });
    }
}
