namespace ProBono.UnitTests.Architecture;

/// <summary>The checkout the tests run from, for the rules that read its files.</summary>
internal static class Repository
{
    public static readonly string Root = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ProBonoPlatform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("ProBonoPlatform.sln not found above the test's directory.");
    }
}
