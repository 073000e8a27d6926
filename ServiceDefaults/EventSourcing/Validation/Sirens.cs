namespace ProBono.ServiceDefaults.EventSourcing;

/// <summary>The SIREN, France's 9-digit company number: its last digit is a Luhn key over the other eight.</summary>
public static class Sirens
{
    public static bool IsValid(string? siren)
    {
        if (siren is not { Length: 9 } || !siren.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            // from the right, every second digit is doubled: with 9 digits, those at odd positions from the left
            var digit = siren[i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                digit -= digit > 9 ? 9 : 0;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
