using System.Security.Cryptography;
using System.Text;

namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>
/// Stream ids derived from what identifies an entity (a partner's roster in a marathon, the team of a need), so a repeat
/// finds the same stream and two writers of the same entity meet on one stream instead of making two.
/// </summary>
public static class StableIds
{
    /// <summary>A name-based UUID (RFC 9562 layout, version 8: SHA-256 of namespace and name, truncated).</summary>
    public static Guid NameBased(Guid ns, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);
        var hash = SHA256.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
