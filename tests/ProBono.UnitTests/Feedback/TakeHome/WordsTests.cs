using ProBono.Feedback.TakeHome.Pdf;

namespace ProBono.UnitTests.Feedback.TakeHome;

public sealed class WordsTests
{
    [Theory]
    [InlineData(1234.56, "fr", "1\u00A0234,56\u00A0€")]
    [InlineData(1234.56, "en", "€1,234.56")]
    [InlineData(0, "fr", "0,00\u00A0€")]
    [InlineData(1234567.8, "en", "€1,234,567.80")]
    [InlineData(-5, "en", "−€5.00")]
    public void Amounts_are_written_as_the_language_writes_them(decimal amount, string lang, string expected) =>
        Assert.Equal(expected, Words.Money(amount, lang));

    [Theory]
    [InlineData(2030, 11, 16, "fr", "16 novembre 2030")]
    [InlineData(2030, 8, 1, "fr", "1er août 2030")]
    [InlineData(2030, 8, 1, "en", "1 August 2030")]
    public void Dates_are_written_in_long_form(int year, int month, int day, string lang, string expected) =>
        Assert.Equal(expected, Words.LongDate(new DateOnly(year, month, day), lang));

    [Fact]
    public void Check_in_times_are_Paris_wall_clock_times_with_the_day_when_it_is_another()
    {
        var day = new DateOnly(2030, 7, 1);
        Assert.Equal("09:05", Words.ParisTime(new DateTimeOffset(2030, 7, 1, 7, 5, 0, TimeSpan.Zero), day));
        Assert.Equal("02/07 00:30", Words.ParisTime(new DateTimeOffset(2030, 7, 1, 22, 30, 0, TimeSpan.Zero), day));
    }

    [Theory]
    [InlineData(0.60, "fr", "60\u00A0%")]
    [InlineData(0.60, "en", "60%")]
    public void Rates_are_percentages(decimal rate, string lang, string expected) => Assert.Equal(expected, Words.Percent(rate, lang));

    [Theory]
    [InlineData("en", "en")]
    [InlineData("EN", "en")]
    [InlineData("de", "fr")]
    [InlineData(null, "fr")]
    public void French_unless_English_is_asked(string? asked, string expected) => Assert.Equal(expected, Words.Language(asked));
}
