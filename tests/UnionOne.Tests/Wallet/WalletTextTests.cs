using System.Text.RegularExpressions;
using System.Xml.Linq;
using UnionOne.Modules.Wallet.Contracts;
using UnionOne.Modules.Wallet.MyWallet;

namespace UnionOne.Tests.Wallet;

/// <summary>The ledger, payments, till, coupons and member wallet texts all have English (disbursements and settlement check their own).</summary>
public sealed partial class WalletTextTests
{
    [Fact]
    public void Every_payment_and_wallet_text_has_an_english_translation()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "UnionOne.slnx"))) dir = dir.Parent;
        var wallet = Path.Combine(dir!.FullName, "src", "UnionOne", "Modules", "Wallet");
        var english = XDocument.Load(Path.Combine(wallet, "WalletText.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var folders = new[] { "Ledger", "Idempotency", "Payments", "MyWallet", "Till", "Coupons" };
        var keys = folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(wallet, f), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .SelectMany(f => LookUp().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        var labels = new RecordingLocalizer();
        foreach (var kind in Enum.GetValues<TransferKind>()) WalletLabels.Kind(kind, labels);
        keys.AddRange(labels.Asked);

        keys.Count.ShouldBeGreaterThan(80);
        keys.Distinct().Where(k => !english.ContainsKey(k)).ShouldBeEmpty();
    }

    [GeneratedRegex("""\b[lL]\["([^"]+)"[\],]""")]
    private static partial Regex LookUp();

    private sealed class RecordingLocalizer : Microsoft.Extensions.Localization.IStringLocalizer
    {
        public List<string> Asked { get; } = [];

        public Microsoft.Extensions.Localization.LocalizedString this[string name]
        {
            get
            {
                Asked.Add(name);
                return new(name, name);
            }
        }

        public Microsoft.Extensions.Localization.LocalizedString this[string name, params object[] arguments] => this[name];

        public IEnumerable<Microsoft.Extensions.Localization.LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
