using System.Security.Cryptography;

namespace ProBono.Recruitment.Volunteers;

/// <summary>
/// A volunteer's badge code: 12 characters of Crockford's base32 (60 random bits), typed at the desk or read by a
/// scanner that types. Reading folds case, drops spaces and dashes and takes O for 0 and I or L for 1, as people type.
/// </summary>
internal static class Badges
{
    public const int Length = 12;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        var bits = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        var code = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            code[i] = Alphabet[(int)(bits & 31)];
            bits >>= 5;
        }
        return new string(code);
    }

    /// <summary>The code as stored, or null when <paramref name="typed"/> cannot be a badge code.</summary>
    public static string? Read(string? typed)
    {
        if (typed is null || typed.Length > 64)
        {
            return null;
        }
        var code = new System.Text.StringBuilder(Length);
        foreach (var c in typed)
        {
            var upper = char.ToUpperInvariant(c);
            var read = upper switch
            {
                ' ' or '-' => (char?)null,
                'O' => '0',
                'I' or 'L' => '1',
                _ when Alphabet.Contains(upper) => upper,
                _ => '?',
            };
            if (read == '?')
            {
                return null;
            }
            if (read is { } kept)
            {
                code.Append(kept);
            }
        }
        return code.Length == Length ? code.ToString() : null;
    }
}
