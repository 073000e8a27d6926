using ProBono.Recruitment.Volunteers;

namespace ProBono.UnitTests.Recruitment.Volunteers;

/// <summary>Badge codes are 60 random bits a person can type; search folds case and accents on both sides.</summary>
public class BadgeAndSearchTests
{
    [Fact]
    public void A_badge_code_is_twelve_unambiguous_characters_and_reads_back_as_itself()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => Badges.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{12}$", c));
        Assert.All(codes, c => Assert.Equal(c, Badges.Read(c)));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Theory]
    [InlineData("abcd-efgh-jk12", "ABCDEFGHJK12")]
    [InlineData(" ABCD EFGH JK12 ", "ABCDEFGHJK12")]
    [InlineData("O0IL1ABCDEFG", "00111ABCDEFG")] // O read as 0, I and L as 1, as people type them
    public void What_people_type_is_read_as_the_code(string typed, string code) => Assert.Equal(code, Badges.Read(typed));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDEFGHJK1")]   // one short
    [InlineData("ABCDEFGHJK123")] // one long
    [InlineData("ABCDEFGHJKU1")]  // U is not in the alphabet
    [InlineData("ABCDEFGHJK1%")]
    public void What_cannot_be_a_code_reads_as_none(string? typed) => Assert.Null(Badges.Read(typed));

    [Theory]
    [InlineData("Aurélie", "aurelie")]
    [InlineData("ÉLODIE Müller", "elodie muller")]
    [InlineData("50%\\off", "50off")]
    [InlineData("Cœur Ærø Straße", "coeur aero strasse")]
    [InlineData("Aure\u0301lie", "aurelie")] // a combining accent typed apart
    public void Search_folds_case_accents_and_wildcards(string text, string folded) => Assert.Equal(folded, Search.Fold(text));
}
